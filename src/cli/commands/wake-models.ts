import type { Command } from 'commander';
import { appPaths } from '../../services/app-paths.js';
import { silentLogger } from '../../services/logging/logger.js';
import { MODEL_MIRROR_ENV } from '../../services/models/catalog.js';
import { OPENWAKEWORD_LICENCE } from '../../services/models/wake-catalog.js';
import {
  importWakeModel,
  installWakePhrase,
  removeWakePhrase,
  wakeModelsStatus,
} from '../../services/models/wake-models.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { exitCodeAction, failWith as fail } from '../command-outcome.js';
import { createProgressDisplay, type FileProgress } from '../progress.js';

const licenceText = () =>
  `Licence: ${OPENWAKEWORD_LICENCE.name} (${OPENWAKEWORD_LICENCE.id}, ${OPENWAKEWORD_LICENCE.url}).\n` +
  OPENWAKEWORD_LICENCE.summary;

/** `dictation models wake ...`: the openWakeWord phrase models the wake word listens with. */
export function registerWakeModels(models: Command): void {
  const wake = models
    .command('wake')
    .description('wake phrase models (openWakeWord, CC BY-NC-SA 4.0): list, install, import, remove');

  wake
    .command('list')
    .description('installed and downloadable wake phrase models, with their licence')
    .option('--json', 'print JSON instead of a table', false)
    .action(async (flags: { json: boolean }) => {
      process.exitCode = await runList(flags.json).catch(fail);
    });

  wake
    .command('install')
    .description('download a phrase model (and the shared front end) after you accept its licence')
    .argument(
      '<phrase>',
      'hey_jarvis_v0.1, alexa_v0.1 or hey_mycroft_v0.1 (see "dictation models wake list")',
    )
    .option('--accept-licence', 'accept CC BY-NC-SA 4.0 (non-commercial use only); required', false)
    .option('--accept-license', 'the same as --accept-licence', false)
    .option('--mirror <url>', 'base URL holding the .onnx files instead of GitHub')
    .action(
      async (phrase: string, flags: { acceptLicence: boolean; acceptLicense: boolean; mirror?: string }) => {
        process.exitCode = await runInstall(phrase, flags.acceptLicence || flags.acceptLicense, flags.mirror);
      },
    );

  wake
    .command('import')
    .description('copy your own phrase classifier (.onnx) in, after checking it; or a published file offline')
    .argument(
      '<file>',
      'an openWakeWord classifier (.onnx, input [1, 16, 96]), or melspectrogram.onnx / embedding_model.onnx',
    )
    .action(
      exitCodeAction(async (file: string) => {
        const { modelsDir } = appPaths();
        const target = await importWakeModel(file, modelsDir);
        const status = await wakeModelsStatus(modelsDir);
        if (!status.frontEnd.installed) {
          console.error(
            `dictation: note: the wake word also needs ${status.frontEnd.files.join(' and ')} in ${status.dir} ` +
              '(installed with any "dictation models wake install", or imported the same way)',
          );
        }
        process.stdout.write(`${target}\n`);
      }),
    );

  wake
    .command('remove')
    .description('delete a phrase model (the front end goes with the last one)')
    .argument('<phrase>', 'an installed phrase model (see "dictation models wake list")')
    .action(
      exitCodeAction(async (phrase: string) => {
        await removeWakePhrase(phrase, appPaths().modelsDir);
        console.error(`dictation: removed ${phrase}`);
      }),
    );
}

async function runList(json: boolean): Promise<number> {
  const status = await wakeModelsStatus(appPaths().modelsDir);
  if (json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(20, ...status.phrases.map((p) => p.id.length + 2));
  const lines = [`Wake phrase models (${status.dir}):`];
  for (const phrase of status.phrases) {
    const state = phrase.installed ? 'installed' : 'available';
    const origin = phrase.source === 'imported' ? 'your own model' : `say "${phrase.phrase}"`;
    lines.push(
      `  ${phrase.id.padEnd(width)}${formatBytes(phrase.sizeBytes).padStart(9)}  ${state.padEnd(10)} ${origin}`,
    );
  }
  lines.push(
    `Front end (${status.frontEnd.files.join(', ')}, ${formatBytes(status.frontEnd.sizeBytes)}): ` +
      (status.frontEnd.installed ? 'installed' : 'downloaded with the first phrase'),
    '',
    licenceText(),
    'Install with "dictation models wake install <phrase> --accept-licence", or import your own .onnx model.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function runInstall(
  phrase: string,
  acceptLicence: boolean,
  mirror: string | undefined,
): Promise<number> {
  const display = createProgressDisplay();
  const bars = new Map<string, FileProgress>();
  try {
    if (!acceptLicence) console.error(licenceText());
    const target = await installWakePhrase({
      modelsDir: appPaths().modelsDir,
      id: phrase,
      acceptLicence,
      mirror: mirror ?? process.env[MODEL_MIRROR_ENV],
      logger: silentLogger(),
      onEvent: (event) => {
        if (event.type !== 'download_progress') return;
        const { file, percent, state } = event.progress;
        let bar = bars.get(file);
        if (!bar) {
          bar = display.start(file);
          bars.set(file, bar);
        }
        if (state === 'completed') bar.finish('size and SHA-256 verified');
        else bar.update(percent ?? 0, state);
      },
    });
    display.stop();
    process.stdout.write(`${target}\n`);
    return 0;
  } catch (error) {
    display.stop();
    return fail(error);
  }
}

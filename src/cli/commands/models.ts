import type { Command } from 'commander';
import { appPaths } from '../../services/app-paths.js';
import { ModelManager, type ModelDownloadResult } from '../../services/models/model-manager.js';
import { importVadModel, installVadModel } from '../../services/models/vad-model.js';
import { silentLogger } from '../../services/logging/logger.js';
import { SettingsStore } from '../../services/settings/settings-store.js';
import { AppError } from '../../shared/errors.js';
import { formatBytes, formatDuration } from '../../shared/format-bytes.js';
import type { DownloadProgress } from '../../shared/models.js';
import { readAppSettings } from '../cli-settings.js';
import { exitCodeAction, failWith as fail } from '../command-outcome.js';
import { resolveModelChoice } from '../model-choice.js';
import { createProgressDisplay, type FileProgress } from '../progress.js';
import { runList } from './models-list.js';
import { registerWakeModels } from './wake-models.js';

interface DownloadFlags {
  sha256?: string;
  mirror?: string;
  force?: boolean;
}

export function createManager(options: { force?: boolean } = {}): ModelManager {
  return new ModelManager({
    modelsDir: appPaths().modelsDir,
    // The CLI cannot see whether the app has the active model loaded; only --force overrides.
    isActiveModelInUse: () => !options.force,
  });
}

/** The subcommands of `models` (its name and summary are in command-table.ts). */
export function defineModels(models: Command): void {
  models
    .command('list')
    .description('installed models, unfinished downloads, and the models that can be downloaded')
    .option('--json', 'print JSON instead of tables', false)
    .action(async (flags: { json: boolean }) => {
      const manager = createManager();
      process.exitCode = await runList(manager, flags.json, activeModelPath(manager.modelsDir)).catch(
        (error: unknown) => fail(error),
      );
    });

  models
    .command('download')
    .description('download a model with progress, resume and checksum verification')
    .argument('<model>', 'a catalog name such as base.en (see "dictation models list"), or an http(s) URL')
    .option('--sha256 <hex>', 'expected SHA-256 of the file (catalog models have theirs built in)')
    .option('--mirror <url>', 'base URL to download catalog models from instead of Hugging Face')
    .option('--force', 'replace a file of that name that is already installed (once the new one is verified)')
    .action(async (source: string, flags: DownloadFlags) => {
      process.exitCode = await runDownload(source, flags);
    });

  models
    .command('vad')
    .description('install the Silero VAD model every dictation needs (downloaded, or copied with --from)')
    .option('--mirror <url>', 'base URL holding ggml-silero-v6.2.0.bin instead of Hugging Face')
    .option('--from <file>', 'copy a ggml-silero-v6.2.0.bin you already have')
    .action(async (flags: { mirror?: string; from?: string }) => {
      process.exitCode = await runVad(flags);
    });

  models
    .command('import')
    .description('copy a Whisper or Parakeet ggml model file into the models folder after checking it')
    .argument('<file>', 'a ggml .bin model file')
    .action(
      exitCodeAction(async (file: string) => {
        const model = await createManager().importModel(file);
        console.error(
          `dictation: imported ${model.name}; choose it with "dictation models use ${model.name}"`,
        );
        process.stdout.write(`${model.path}\n`);
      }),
    );

  models
    .command('remove')
    .description('delete an installed model')
    .argument('<name>', 'an installed model (see "dictation models list")')
    .option('--force', 'remove the active model too (only when the app is not using it)', false)
    .action(
      exitCodeAction(
        async (name: string, flags: { force: boolean }) => {
          await createManager({ force: flags.force }).remove(name);
          console.error(`dictation: removed ${name}`);
        },
        (error) =>
          error instanceof AppError && error.kind === 'model_in_use'
            ? 'If the app is not running, --force removes it.'
            : undefined,
      ),
    );

  models
    .command('use')
    .description('make an installed model the active one (the app and "transcribe" defaults)')
    .argument('<name>', 'an installed model (see "dictation models list")')
    .action(
      exitCodeAction(async (name: string) => {
        const model = await createManager().setActive(name);
        // The window's speech model setting too, so the app and the CLI agree (as the app's own
        // choice does through followActiveModel); a running app reads it when it starts next.
        const settings = await SettingsStore.open({ file: appPaths().settingsFile });
        await settings.update({ speech: { model: model.file } });
        console.error(`dictation: the active model is now ${model.name}`);
        process.stdout.write(`${model.path}\n`);
      }),
    );

  registerWakeModels(models);
}

function describeProgress(progress: DownloadProgress): string {
  const parts = [
    progress.totalBytes
      ? `${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}`
      : formatBytes(progress.bytes),
  ];
  if (progress.bytesPerSecond > 0) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.etaSeconds !== null && progress.state === 'downloading') {
    parts.push(`${formatDuration(progress.etaSeconds)} left`);
  }
  if (progress.state !== 'downloading') parts.push(progress.state);
  return parts.join(', ');
}

async function runDownload(source: string, flags: DownloadFlags): Promise<number> {
  const display = createProgressDisplay();
  const manager = createManager();
  let bar: FileProgress | undefined;
  let announcedResume = false;
  manager.onEvent((event) => {
    if (event.type === 'download_progress') {
      const p = event.progress;
      if (!announcedResume && p.state === 'starting' && p.bytes > 0) {
        announcedResume = true;
        display.log(`dictation: resuming ${p.file} at ${formatBytes(p.bytes)}`);
      }
      bar ??= display.start(p.file);
      bar.update(p.percent ?? 0, describeProgress(p));
    } else if (event.type === 'download_retrying') {
      display.log(
        `dictation: ${event.downloadId}: ${event.reason}; retrying in ${formatDuration(event.delayMs / 1000)} ` +
          `(attempt ${event.attempt} of ${event.maxAttempts})`,
      );
    }
  });

  let result: ModelDownloadResult;
  let handle: ReturnType<ModelManager['download']> | undefined;
  const onSignal = () => handle?.pause();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    handle = manager.download({
      source,
      ...(flags.sha256 ? { sha256: flags.sha256 } : {}),
      ...(flags.mirror ? { mirror: flags.mirror } : {}),
      ...(flags.force ? { force: true } : {}),
    });
    result = await handle.result;
  } catch (error) {
    bar?.finish('failed');
    display.stop();
    return fail(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  switch (result.status) {
    case 'completed': {
      const checks = [result.verified.size ? 'size' : '', result.verified.sha256 ? 'SHA-256' : '']
        .filter(Boolean)
        .join(' and ');
      bar?.finish(checks ? `done, ${checks} verified` : 'done');
      if (!result.verified.sha256) {
        display.log(
          `dictation: note: no SHA-256 is known for ${result.model.file}; it was checked as a whisper.cpp model only ` +
            '(pass --sha256 to verify it)',
        );
      }
      display.stop();
      process.stdout.write(`${result.model.path}\n`);
      return 0;
    }
    case 'already_installed': {
      display.stop();
      const checks = [result.verified.size ? 'size' : '', result.verified.sha256 ? 'SHA-256' : '']
        .filter(Boolean)
        .join(' and ');
      console.error(
        `dictation: ${result.model.name} is already installed` +
          (checks ? ` (${checks} verified)` : ' (not verified: no size or SHA-256 is known; pass --sha256)'),
      );
      process.stdout.write(`${result.model.path}\n`);
      return 0;
    }
    case 'paused':
      bar?.finish(`paused at ${formatBytes(result.progress.bytes)}`);
      display.stop();
      console.error(`dictation: download paused; run the same command again to resume it`);
      return 130;
    case 'cancelled':
      display.stop();
      return 130;
  }
}

async function activeModelPath(modelsDir: string): Promise<string | null> {
  const { settings } = await readAppSettings();
  return resolveModelChoice(undefined, settings, modelsDir).catch(() => null);
}

async function runVad(flags: { mirror?: string; from?: string }): Promise<number> {
  const { modelsDir } = appPaths();
  try {
    if (flags.from) {
      console.log(await importVadModel(flags.from, modelsDir));
      return 0;
    }
    const display = createProgressDisplay();
    let bar: FileProgress | undefined;
    const target = await installVadModel({
      modelsDir,
      logger: silentLogger(),
      mirror: flags.mirror ?? process.env['DICTATION_MODEL_MIRROR'],
      onEvent: (event) => {
        if (event.type !== 'download_progress') return;
        bar ??= display.start(event.progress.file);
        bar.update(event.progress.percent ?? 0, describeProgress(event.progress));
      },
    });
    bar?.finish('verified');
    console.log(target);
    return 0;
  } catch (error) {
    return fail(error);
  }
}

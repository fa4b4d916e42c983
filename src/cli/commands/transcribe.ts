import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EngineClient, RunningTranscription } from '../../engine/client/engine-client.js';
import type { GpuSettings } from '../../engine/client/gpu-failure-memory.js';
import { writeOutputs } from '../../services/outputs/write-outputs.js';
import { describeError, serializeError } from '../../shared/errors.js';
import { cliErrorLine, describeForCli } from '../cli-errors.js';
import { ExportFormat } from '../../shared/exports/index.js';
import { shapeSegments } from '../../services/outputs/shape-segments.js';
import type { TranscribeOptionsInput, TranscriptDevice } from '../../shared/transcript.js';
import { readAppSettings } from '../cli-settings.js';
import { CliModelEngine } from '../model-engine.js';
import { resolveModelChoice } from '../model-choice.js';
import { numberOption } from '../number-option.js';
import { createProgressDisplay } from '../progress.js';
import { addRulesOptions, loadRulesFor } from '../text-rules-option.js';
import { parseEngineFlag, readEnginesFile } from '../remote-engines-option.js';
import { runRemoteTranscribe } from '../remote-transcribe.js';

interface TranscribeFlags {
  model?: string;
  format: ExportFormat[];
  out?: string;
  language: string;
  translate: boolean;
  prompt?: string;
  threads?: number;
  overwrite: boolean;
  vadModel?: string;
  gpu: boolean;
  rules?: string | boolean;
  gpuDevice?: string;
  verbose: boolean;
  engine: string[];
  engines?: string;
  localJobs: number;
  pieceSeconds: number;
  retries: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const parseCount = numberOption({ min: 0, max: 64, hint: 'give a whole number from 0 to 64.' });

function parseFormats(value: string, previous: ExportFormat[] | undefined): ExportFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  for (const f of formats) {
    if (!ExportFormat.safeParse(f).success) {
      throw new InvalidArgumentError(`"${f}" is not a format; use ${ExportFormat.options.join(', ')}.`);
    }
  }
  return [...new Set([...(previous ?? []), ...(formats as ExportFormat[])])];
}

const parseThreads = numberOption({ min: 1, max: 64, hint: 'threads must be a whole number from 1 to 64.' });

function parseLanguage(value: string): string {
  if (!/^(auto|[a-z]{2,3})$/.test(value))
    throw new InvalidArgumentError('use "auto" or a language code such as en, de, fr.');
  return value;
}

/** The arguments, options and action of `transcribe` (its name and summary are in command-table.ts). */
export function defineTranscribe(command: Command): void {
  command
    .argument('<files...>', 'audio or video files (wav, mp3, m4a, ogg, opus, flac, webm, mp4, mov, ...)')
    .option(
      '-m, --model <name|path>',
      'speech model: a name such as base.en (see "dictation models list") or a whisper.cpp ggml file ' +
        '(Whisper or Parakeet TDT); default: the active model ("dictation models use")',
    )
    .addOption(
      new Option('-f, --format <formats>', 'output formats, comma-separated or repeated: vtt, srt, txt, json')
        .argParser(parseFormats)
        .default(undefined, 'vtt'),
    )
    .option('-o, --out <dir>', 'folder for the outputs (default: next to each input)')
    .option('-l, --language <code>', 'spoken language, or "auto" to detect', parseLanguage, 'auto')
    .option('--translate', 'translate the speech into English (multilingual Whisper models)', false)
    .option('-p, --prompt <text>', 'initial prompt: names, terms and spellings to expect (Whisper models)')
    .option('-t, --threads <n>', 'CPU threads for inference (default: one per core, at most 8)', parseThreads)
    .option('--overwrite', 'replace existing outputs instead of writing "name (2).vtt"', false)
    .option(
      '--vad-model <path>',
      'Silero VAD ggml model: skip non-speech before inference; with --engine it also finds the pauses ' +
        'long files are cut at (default there: the one "dictation models vad" installed)',
    )
    .option('--no-gpu', "do not try the GPU (default: the app's GPU setting)")
    .option(
      '--gpu-device <name>',
      "the GPU to use when there are several (its name or id, e.g. Vulkan1); default: the app's choice",
    )
    .option('--verbose', 'say which device runs the model, and why not the GPU', false)
    .option(
      '--engine <url>',
      'a remote OpenAI-compatible server ([name=]URL[#concurrency=N&model=M]); repeatable; audio is sent there',
      collect,
      [],
    )
    .option('--engines <file>', 'remote engines file (default: engines.json in the data folder, if present)')
    .option(
      '--local-jobs <n>',
      'pieces the local engine runs at once beside remote engines (0: remote only)',
      parseCount,
      1,
    )
    .option(
      '--piece-seconds <n>',
      'with remote engines, long files are cut at pauses into pieces of about this length',
      parseCount,
      60,
    )
    .option(
      '--retries <n>',
      'with remote engines, tries again (after 2 s, 4 s, ...) a file whose engines all failed for a reason that may pass',
      parseCount,
      2,
    );
  addRulesOptions(command, false).action(async (files: string[], flags: TranscribeFlags) => {
    const format = flags.format ?? ['vtt'];
    let remotes;
    let model: string | undefined;
    try {
      remotes = [...readEnginesFile(flags.engines), ...flags.engine.map((value) => parseEngineFlag(value))];
      // The local engine's model (a name, a path or the active model) also names the remotes' work.
      if (remotes.length > 0)
        model = await resolveModelChoice(flags.model, (await readAppSettings()).settings);
    } catch (error) {
      console.error(cliErrorLine(error, 'dictation'));
      process.exitCode = 2;
      return;
    }
    process.exitCode =
      remotes.length > 0 && model
        ? await runRemoteTranscribe(files, remotes, {
            ...flags,
            model,
            format,
            pieceSeconds: Math.max(5, flags.pieceSeconds),
          })
        : await runTranscribe(files, { ...flags, format });
  });
}

async function runTranscribe(files: string[], flags: TranscribeFlags): Promise<number> {
  const rules = await loadRulesFor('dictation', flags.rules, false);
  if (rules === undefined) return 1;
  const display = createProgressDisplay();
  const options: TranscribeOptionsInput = {
    language: flags.language,
    translate: flags.translate,
    initialPrompt: flags.prompt ?? '',
    tokenTimestamps: true,
  };
  if (flags.threads) options.threads = flags.threads;
  if (flags.vadModel) options.vadModelPath = path.resolve(flags.vadModel);

  let modelPath: string;
  let gpu: GpuSettings;
  try {
    ({ modelPath, gpu } = await chooseModel(flags, (line) => display.log(line)));
  } catch (error) {
    display.stop();
    console.error(cliErrorLine(error));
    return 2;
  }
  const engine = new CliModelEngine(modelPath, gpu, (line) => display.log(line), flags.verbose);
  let client: EngineClient;
  try {
    client = await engine.start();
  } catch (error) {
    display.stop();
    console.error(cliErrorLine(error));
    await engine.shutdown();
    return 2;
  }

  let running: RunningTranscription | null = null;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    running?.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failures = 0;
  const warned = new Set<string>();
  for (const file of files) {
    if (interrupted) break;
    let attempt = 0;
    for (;;) {
      attempt++;
      const progress = display.start(file);
      try {
        running = client.transcribe({ kind: 'file', path: path.resolve(file) }, options, {
          onProgress: (percent) => progress.update(percent),
        });
        const transcript = await running.result;
        for (const warning of transcript.warnings ?? []) {
          if (warned.has(warning)) continue;
          warned.add(warning);
          display.log(`dictation: warning: ${warning}`);
        }
        const segments = rules
          ? shapeSegments(transcript.segments, rules, transcript.language || null)
          : transcript.segments;
        const written = await writeOutputs(file, segments, flags.format, {
          ...(flags.out ? { outDir: path.resolve(flags.out) } : {}),
          overwrite: flags.overwrite,
          meta: {
            language: transcript.language,
            model: path.basename(modelPath),
            audioMs: Math.round(transcript.audioMs),
          },
        });
        progress.finish(`done (${segments.length} segments)`);
        if (flags.verbose && transcript.device)
          display.log(`dictation: ${file}: ${ranOn(transcript.device)}`);
        for (const output of written) {
          if (output.renamed)
            display.log(`dictation: note: an output already existed, wrote ${output.path} instead`);
          process.stdout.write(`${output.path}\n`);
        }
        break;
      } catch (error) {
        const serialized = serializeError(error);
        // A crashed engine is restarted once and the file tried again; other failures are final.
        if (serialized.kind === 'engine_crashed' && attempt === 1 && !interrupted) {
          progress.finish('engine stopped, restarting');
          engine.noteCrash(error);
          try {
            client = await engine.start();
            continue;
          } catch (restartError) {
            progress.finish('failed');
            display.log(`dictation: ${file}: ${describeForCli(restartError)}`);
            display.stop();
            return 1;
          }
        }
        progress.finish(serialized.kind === 'aborted' ? 'cancelled' : 'failed');
        display.log(`dictation: ${file}: ${describeError(withFile(serialized, file), 'cli')}`);
        failures++;
        break;
      } finally {
        running = null;
      }
    }
  }
  display.stop();
  await client.shutdown();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (interrupted) return 130;
  return failures > 0 ? 1 : 0;
}

/** The model file (--model, or the active model) and the GPU settings (flags over the app's settings). */
async function chooseModel(
  flags: TranscribeFlags,
  note: (line: string) => void,
): Promise<{ modelPath: string; gpu: GpuSettings }> {
  const { settings, warnings } = await readAppSettings();
  for (const warning of warnings) {
    if (!warning.field || warning.field.startsWith('speech')) note(`dictation: note: ${warning.message}`);
  }
  return {
    modelPath: await resolveModelChoice(flags.model, settings),
    gpu: {
      useGpu: flags.gpu && settings.speech.useGpu,
      gpuDevice: flags.gpuDevice ?? settings.speech.gpuDevice,
    },
  };
}

function ranOn(device: TranscriptDevice): string {
  const where = `transcribed on ${device.name}${device.gpu ? ' (GPU)' : ''}`;
  return device.fallbackReason ? `${where}; not on the GPU because ${device.fallbackReason}` : where;
}

/** Engine messages usually start with the file path already; avoid saying it twice. */
function withFile(error: ReturnType<typeof serializeError>, file: string) {
  const absolute = path.resolve(file);
  if (error.message.startsWith(`${absolute}: `)) {
    return { ...error, message: error.message.slice(absolute.length + 2) };
  }
  return error;
}

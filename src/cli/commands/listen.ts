import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { startForkedEngine } from '../../engine/client/fork-channel.js';
import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { appPaths } from '../../services/app-paths.js';
import type { AudioSource } from '../../services/capture/audio-source.js';
import { FileSource } from '../../services/capture/file-source.js';
import { MicrophoneSource } from '../../services/capture/microphone-source.js';
import { defaultVadModelPath } from '../../services/capture/vad-model-path.js';
import { isFile, noVadModelError } from '../../services/dictation/speech-model.js';
import type { AppError } from '../../shared/errors.js';
import { phraseFromModelFile } from '../../shared/wake-phrase.js';
import { shapeText, type TextRules } from '../../shared/text-shaping/index.js';
import { cliErrorLine } from '../cli-errors.js';
import { readAppSettings } from '../cli-settings.js';
import { resolveModelChoice } from '../model-choice.js';
import { numberOption } from '../number-option.js';
import { addRulesOptions, loadRulesFor } from '../text-rules-option.js';

interface ListenFlags {
  file?: string;
  device?: number;
  model?: string;
  vadModel?: string;
  vadSilence: number;
  preRoll: number;
  language: string;
  threads?: number;
  partials: boolean;
  fast: boolean;
  json: boolean;
  wakeModel: string[];
  wakeThreshold: number;
  rules?: string | boolean;
  hold: boolean;
  commit: boolean;
  commitPause: number;
  commitContext: boolean;
}

const parseMs = numberOption({ min: 100, max: 30_000, hint: 'give milliseconds between 100 and 30000.' });
const parseInteger = numberOption({ min: 0, hint: 'give a whole number.' });
const parseScore = numberOption({
  min: 0.05,
  max: 0.99,
  whole: false,
  hint: 'give a score between 0.05 and 0.99.',
});

const collect = (value: string, previous: string[]) => [...previous, value];

/** hey_jarvis_v0.1.onnx -> "hey jarvis" */

/** The options and action of `listen` (its name and summary are in command-table.ts). */
export function defineListen(command: Command): void {
  command
    .option('--file <audio>', 'play an audio file into the pipeline instead of the microphone')
    .option(
      '--device <id>',
      'microphone device id (see "dictation devices"); default: the system default',
      parseInteger,
    )
    .option(
      '-m, --model <name|path>',
      'speech model: a name such as base.en or a whisper.cpp ggml file; default: the active model',
    )
    .option('--vad-model <path>', 'Silero VAD ggml model (default: the one in the models folder)')
    .option('--vad-silence <ms>', 'silence that ends an utterance', parseMs, 800)
    .option('--pre-roll <ms>', 'audio kept from before speech starts', parseInteger, 500)
    .option('-l, --language <code>', 'spoken language, or "auto"', 'auto')
    .option('-t, --threads <n>', 'CPU threads for inference', parseInteger)
    .option('--partials', 'also print partial text while speech goes on', false)
    .option('--fast', 'with --file: feed the audio as fast as possible instead of in real time', false)
    .option('--json', 'print JSON lines (the default when stdout is not a terminal)', false)
    .option(
      '--wake-model <path>',
      'openWakeWord phrase model (.onnx, with melspectrogram.onnx and embedding_model.onnx beside it); ' +
        'repeat for several phrases. Utterances then start only after a wake phrase and end on silence',
      collect,
      [],
    )
    .option('--wake-threshold <score>', 'wake phrase score (0..1) that counts as heard', parseScore, 0.5)
    .option(
      '--hold',
      'treat the whole input as one held key: one dictation from the first sample to the last, with ' +
        '"commit" events for the pieces finished while it goes on and one final transcript',
      false,
    )
    .option('--no-commit', 'with --hold: transcribe only at the end (no pieces while speaking)')
    .option(
      '--no-commit-context',
      'with --hold: do not give whisper the committed text as the prompt of the next piece',
    )
    .option(
      '--commit-pause <ms>',
      'with --hold: a pause this long commits the speech before it',
      parseMs,
      400,
    );
  addRulesOptions(command, true).action(async (flags: ListenFlags) => {
    process.exitCode = await runListen(flags);
  });
}

async function runListen(flags: ListenFlags): Promise<number> {
  const json = flags.json || !process.stdout.isTTY;
  const print = (event: Record<string, unknown>) => {
    if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
    else process.stdout.write(`${humanLine(event)}\n`);
  };
  const rules = await loadRulesFor('dictation listen', flags.rules, true);
  if (rules === undefined) return 1;
  const vadModelPath = path.resolve(flags.vadModel ?? defaultVadModelPath(appPaths().modelsDir));
  let engine: Awaited<ReturnType<typeof startForkedEngine>> | undefined;
  // --fast waits for the engine every few seconds of audio, so the file is not read ahead into memory:
  // for the audio sent so far (a status round trip) and for the utterances it found to be transcribed
  // (they queue in the engine with their audio; an 8-hour file would pile up gigabytes of them).
  const backlog = new UtteranceBacklog();
  const settle = async () => {
    await engine?.status();
    await backlog.atMost(2);
  };
  const source: AudioSource = flags.file
    ? new FileSource(path.resolve(flags.file), { fast: flags.fast, settle })
    : new MicrophoneSource({ deviceId: flags.device ?? null });

  if (flags.hold && flags.wakeModel.length > 0) {
    console.error(
      'dictation listen: --hold and --wake-model do not go together (a held key needs no wake phrase).',
    );
    return 2;
  }
  const holdSession = flags.hold ? randomUUID() : null;
  try {
    const { settings } = await readAppSettings();
    const modelPath = await resolveModelChoice(flags.model, settings);
    if (!(await isFile(vadModelPath))) throw noVadModelError(vadModelPath);
    engine = await startForkedEngine('dictation-cli listen');
    await engine.loadModel(modelPath);
    const wakeModels = flags.wakeModel.map((file) => ({
      phrase: phraseFromModelFile(file),
      path: path.resolve(file),
    }));
    await engine.listenStart({
      vadModelPath,
      continuous: wakeModels.length === 0 && !holdSession,
      commitAsYouGo: holdSession !== null && flags.commit,
      commitPauseMs: flags.commitPause,
      promptCommitted: flags.commitContext,
      ...(wakeModels.length > 0 ? { wake: { models: wakeModels, threshold: flags.wakeThreshold } } : {}),
      silenceMs: flags.vadSilence,
      preRollMs: flags.preRoll,
      partials: flags.partials,
      options: { language: flags.language, ...(flags.threads ? { threads: flags.threads } : {}) },
    });
    if (holdSession) await engine.beginUtterance(holdSession, false);
  } catch (error) {
    console.error(cliErrorLine(error, 'dictation listen'));
    await engine?.shutdown();
    return 2;
  }
  let releasedAt: number | null = null;

  const sessionStarted = Date.now();
  let shuttingDown = false;
  const finished = new Promise<number>((resolve) => {
    engine.onExit((error) => {
      if (shuttingDown) return;
      console.error(`dictation listen: ${error.message}`);
      resolve(1);
    });
    const warned = new Set<string>();
    engine.onListenerEvent((event) => {
      backlog.onEvent(event);
      if (event.type === 'utterance_result') {
        for (const warning of event.transcript.warnings ?? []) {
          if (!warned.has(warning)) console.error(`dictation listen: warning: ${warning}`);
          warned.add(warning);
        }
      }
      let line = toOutputEvent(event);
      if (line && event.type === 'utterance_result' && releasedAt !== null) {
        line = { ...line, commits: event.commits, releaseToTextMs: Date.now() - releasedAt };
      }
      if (line) print(rules ? withRules(line, rules) : line);
    });
    const stopInput = async (code: number) => {
      await source.stop();
      // The held key goes up at the last sample: the end of input closes the utterance.
      if (holdSession) releasedAt = Date.now();
      await engine.audioEnd().catch(() => {});
      resolve(code);
    };
    process.once('SIGINT', () => void stopInput(130));
    process.once('SIGTERM', () => void stopInput(143));
    source
      .start({
        onBlock: (samples) => engine.sendAudio(samples),
        onEnd: () => void stopInput(0),
        onError: (error: AppError) => {
          console.error(cliErrorLine(error, 'dictation listen'));
          void stopInput(1);
        },
      })
      .catch((error: unknown) => {
        console.error(cliErrorLine(error, 'dictation listen'));
        resolve(1);
      });
  });
  const code = await finished;
  if (json) print({ type: 'session_end', timestamp: Date.now(), durationMs: Date.now() - sessionStarted });
  shuttingDown = true;
  await engine.shutdown();
  return code;
}

/**
 * A final transcript through the text rules: `text` is what the app would deliver, `raw` what was
 * recognised (when they differ). Each utterance is shaped on its own, as a new dictation.
 */
function withRules(event: Record<string, unknown>, rules: TextRules): Record<string, unknown> {
  if (event['type'] !== 'transcript' || event['isFinal'] !== true) return event;
  const raw = String(event['text']);
  const text = shapeText(raw, rules).text.trim();
  return text === raw.trim() ? event : { ...event, text, raw };
}

/** The CLI's events: speech_start/speech_end (ms from the start of the input) and transcript. */
function toOutputEvent(event: ListenerEvent): Record<string, unknown> | null {
  const { timestamp, sessionId } = event;
  switch (event.type) {
    case 'speech_start':
    case 'speech_end':
      return { type: event.type, timestamp, sessionId, atMs: Math.round(event.atMs) };
    case 'partial':
      return { type: 'transcript', timestamp, sessionId, text: event.text, isFinal: false };
    case 'utterance_result':
      return {
        type: 'transcript',
        timestamp,
        sessionId,
        text: event.text,
        isFinal: true,
        fromMs: Math.round(event.fromMs),
        toMs: Math.round(event.toMs),
      };
    case 'no_speech':
      return { type: 'no_speech', timestamp, sessionId };
    case 'wake_word':
      return {
        type: 'wake_word',
        timestamp,
        sessionId,
        phrase: event.phrase,
        confidence: Number(event.confidence.toFixed(4)),
        atMs: Math.round(event.atMs),
      };
    case 'utterance_error':
      return { type: 'error', timestamp, sessionId, error: event.error };
    case 'commit':
      return {
        type: 'commit',
        timestamp,
        sessionId,
        fromMs: Math.round(event.fromMs),
        toMs: Math.round(event.toMs),
        text: event.text,
        inferenceMs: Math.round(event.inferenceMs),
      };
    case 'utterance_closed':
      return null;
  }
}

function humanLine(event: Record<string, unknown>): string {
  const at = typeof event['atMs'] === 'number' ? `${((event['atMs'] as number) / 1000).toFixed(2)} s` : '';
  switch (event['type']) {
    case 'speech_start':
      return `[${at}] speech`;
    case 'speech_end':
      return `[${at}] silence`;
    case 'wake_word':
      return `[${at}] wake word "${String(event['phrase'])}" (${String(event['confidence'])})`;
    case 'transcript':
      return event['isFinal'] ? `> ${String(event['text'])}` : `… ${String(event['text'])}`;
    case 'commit':
      return `+ ${String(event['text'])}`;
    default:
      return JSON.stringify(event);
  }
}

/** The utterances the engine has opened and not yet finished (transcribed, found empty or failed). */
class UtteranceBacklog {
  private readonly open = new Set<string>();
  private waiters: (() => void)[] = [];

  onEvent(event: ListenerEvent): void {
    if (event.type === 'speech_start') this.open.add(event.sessionId);
    // utterance_closed comes when the audio ends, before the transcription: only a result, "no speech",
    // an error or a cancel (which is not transcribed) takes it off the backlog.
    else if (
      ['utterance_result', 'no_speech', 'utterance_error'].includes(event.type) ||
      (event.type === 'utterance_closed' && event.reason === 'cancel')
    ) {
      this.open.delete(event.sessionId);
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  async atMost(count: number): Promise<void> {
    while (this.open.size > count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { appPaths, type AppPaths } from '../../src/services/app-paths.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { silentLogger, type Logger } from '../../src/services/logging/logger.js';
import { SessionRecorder } from '../../src/services/recording/session-recorder.js';
import type { AppEvent } from '../../src/shared/app-protocol.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { fixtures, makeTempDir } from './fixtures.js';
import { PushSource } from './push-source.js';

const SR = 16000;

export interface SeededDictation {
  seconds: number;
  /** Where the speech starts inside this dictation's audio. */
  offsetMs: number;
  text: string;
  /** Length of the speech. */
  speechMs: number;
}

/**
 * Records a session with the real SessionRecorder, as the app does: a sine per dictation, one segment
 * each. `stop: false` leaves it as a killed app does (no end time), for the next start to repair.
 */
export function seedSession(
  sessionsDir: string,
  dictations: readonly SeededDictation[],
  options: { stop: boolean; model?: string; language?: string },
): string {
  const recorder = new SessionRecorder(sessionsDir, {
    model: options.model ?? 'ggml-base.en.bin',
    language: options.language ?? 'en',
    appVersion: '0.0.0-test',
  });
  dictations.forEach((d, k) => {
    const audio = new Float32Array(d.seconds * SR).map((_, i) => 0.2 * Math.sin(i / (6 + k)));
    recorder.addDictation(audio, [{ startMs: 0, endMs: d.speechMs, text: d.text }], d.offsetMs);
  });
  if (options.stop) recorder.stop();
  return recorder.id;
}

export interface SessionsApp {
  runtime: AppRuntime;
  source: PushSource;
  paths: AppPaths;
  /** Every AppEvent the core published, in order. */
  events: AppEvent[];
  /** One dictation of the first 2.6 s of jfk.wav through the real pipeline (micro model). */
  dictate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app runtime (settings file, SQLite, the engine process with Silero VAD and the micro model,
 * the Integrations service) in a temporary data folder; the microphone is the test's PushSource.
 * `seed` runs before the app starts, so sessions it leaves unfinished are repaired by the start.
 */
export async function startSessionsApp(options: {
  integrations: object;
  seed?: (sessionsDir: string) => void;
  /** An existing data folder (a second start on the same data): kept on close, settings left as they are. */
  dataDir?: string;
  logger?: Logger;
}): Promise<SessionsApp> {
  const temp = options.dataDir
    ? { dir: options.dataDir, cleanup: () => {} }
    : makeTempDir('dictation-sessions-');
  const paths = appPaths(temp.dir);
  mkdirSync(paths.sessionsDir, { recursive: true });
  options.seed?.(paths.sessionsDir);
  if (!existsSync(paths.settingsFile))
    writeFileSync(
      paths.settingsFile,
      JSON.stringify({
        speech: { model: fixtures.microModel, language: 'en', livePartials: false },
        integrations: options.integrations,
      }),
    );
  const source = new PushSource();
  const runtime = await createAppRuntime({
    paths,
    logger: options.logger ?? silentLogger(),
    startEngineChannel: () => forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [],
    env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
    jobs: false,
  });
  const events: AppEvent[] = [];
  runtime.core.subscribe((event) => events.push(event));
  await runtime.start();
  const jfk = await readAudioFile(fixtures.jfkWav);
  return {
    runtime,
    source,
    paths,
    events,
    async dictate() {
      const done = new Promise<DictationEvent>((resolve) => {
        const off = runtime.dictation.subscribe((e) => {
          if (e.type === 'delivered' || e.type === 'no_speech') {
            off();
            resolve(e);
          }
        });
      });
      source.push(new Float32Array(SR));
      const started = await answerRawRequest(runtime.core, { type: 'dictation_start' });
      if (!started.ok) throw new Error(`dictation_start: ${started.error.message}`);
      source.push(jfk.subarray(0, 2.6 * SR));
      const stopped = await runtime.core.handle({ type: 'dictation_stop' });
      if (!stopped.ok) throw new Error(`dictation_stop: ${stopped.error.message}`);
      const end = await done;
      if (end.type !== 'delivered') throw new Error(`the dictation ended with ${end.type}`);
    },
    async close() {
      await runtime.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 });
      temp.cleanup();
    },
  };
}

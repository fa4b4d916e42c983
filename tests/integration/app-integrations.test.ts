import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { listSessions } from '../../src/services/recording/session-repair.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import type { EventApiMessage } from '../../src/shared/event-api.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';

const SR = 16000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real app runtime (engine, VAD, whisper, SQLite); the microphone is the test's PushSource. */
async function boot(
  integrations: object,
): Promise<{ runtime: AppRuntime; source: PushSource; dataDir: string }> {
  const { dir: dataDir, cleanup } = makeTempDir('dictation-integrations-');
  cleanups.push(cleanup);
  const paths = appPaths(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    paths.settingsFile,
    JSON.stringify({
      speech: { model: fixtures.microModel, language: 'en', livePartials: false },
      integrations,
    }),
  );
  const source = new PushSource();
  const runtime = await createAppRuntime({
    paths,
    logger: silentLogger(),
    startEngineChannel: () => forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [{ id: 1, name: 'Test microphone', isDefault: true }],
    env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
    jobs: false,
  });
  cleanups.push(() =>
    runtime.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 }).then(() => undefined),
  );
  await runtime.start();
  return { runtime, source, dataDir };
}

async function dictate(runtime: AppRuntime, source: PushSource, audio: Float32Array): Promise<void> {
  const done = new Promise<DictationEvent>((resolve) => {
    const off = runtime.dictation.subscribe((e) => {
      if (e.type === 'delivered' || e.type === 'no_speech') {
        off();
        resolve(e);
      }
    });
  });
  source.push(new Float32Array(SR));
  await answerRawRequest(runtime.core, { type: 'dictation_start' });
  source.push(audio);
  await runtime.core.handle({ type: 'dictation_stop' });
  expect((await done).type).toBe('delivered');
}

describe('opt-in integrations of the app runtime', () => {
  it('records every dictation into a session WAV with aligned captions when "record sessions" is on', async () => {
    const { runtime, source, dataDir } = await boot({ recordSessions: true });
    const jfk = await readAudioFile(fixtures.jfkWav);
    await dictate(runtime, source, jfk.subarray(0, 2.6 * SR));
    await dictate(runtime, source, jfk.subarray(3 * SR, 4.7 * SR));
    const [session] = listSessions(appPaths(dataDir).sessionsDir);
    if (!session) throw new Error('no session recorded');
    expect(session.dictations).toBe(2);
    const wav = readFileSync(session.audioFile);
    const audioMs = (wav.readUInt32LE(40) / 2 / SR) * 1000;
    const cues = parseVttStrict(readFileSync(session.captionsFile, 'utf8'));
    expect(cues.length).toBeGreaterThanOrEqual(2);
    for (const cue of cues) {
      expect(cue.startMs).toBeGreaterThanOrEqual(0);
      expect(cue.endMs).toBeLessThanOrEqual(audioMs + 1);
    }
    // The second dictation's captions start after the first dictation's audio.
    expect(cues.at(-1)?.startMs ?? 0).toBeGreaterThan(2000);
    await runtime.settings.update({ integrations: { recordSessions: false } });
    expect(path.dirname(session.dir)).toBe(appPaths(dataDir).sessionsDir);
  });

  it('serves the local event API when turned on, with a generated token, and follows the settings', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const { runtime, source } = await boot({ eventApiEnabled: true, eventApiPort: port });
    const token = runtime.settings.get().integrations.eventApiToken;
    expect(token.length).toBeGreaterThan(20);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ engine: 'ready', clients: 0 });

    const messages: EventApiMessage[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${token}`);
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as EventApiMessage));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const jfk = await readAudioFile(fixtures.jfkWav);
    await dictate(runtime, source, jfk.subarray(0, 2.6 * SR));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages.some((m) => m.type === 'transcript' && m.isFinal)).toBe(true);
    ws.close();

    await runtime.settings.update({ integrations: { eventApiEnabled: false } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

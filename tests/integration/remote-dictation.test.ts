import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import type { AppState } from '../../src/shared/app-protocol.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// The whole app (real engine, micro-en, Silero VAD) with "Dictate with a remote engine" on, the remote
// being a real whisper.cpp server, or a real server that answers too late. The microphone is the push
// source stand-in.
const SR = 16_000;
let server: RunningWhisperServer;
let slow: FaultyServer;
let jfk: Float32Array;
const apps: HeadlessRuntime[] = [];

beforeAll(async () => {
  [server, slow] = await Promise.all([
    startWhisperServer({ model: fixtures.microModel, threads: 1 }),
    startFaultyServer('slow', 30_000),
  ]);
  jfk = await readAudioFile(fixtures.jfkWav);
}, 600_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await Promise.all([server?.stop(), slow?.close()]);
});

function remoteSettings(baseUrl: string, deadlineMs: number) {
  return {
    remote: {
      engines: [
        {
          id: 'lan',
          name: 'GPU box',
          baseUrl,
          model: 'micro-en',
          concurrency: 1,
          enabled: true,
          hasApiKey: false,
        },
      ],
      useForDictation: true,
      dictationDeadlineMs: deadlineMs,
    },
  };
}

async function dictate(app: HeadlessRuntime): Promise<Extract<DictationEvent, { type: 'delivered' }>> {
  const delivered = new Promise<DictationEvent>((resolve) => {
    const off = app.runtime.dictation.subscribe((event) => {
      if (event.type === 'delivered' || event.type === 'no_speech') {
        off();
        resolve(event);
      }
    });
  });
  app.source.push(new Float32Array(SR / 2));
  await app.runtime.core.handle({ type: 'dictation_start', trigger: 'ui' });
  app.source.push(jfk.subarray(0, 2.6 * SR));
  await app.runtime.core.handle({ type: 'dictation_stop' });
  const event = await delivered;
  if (event.type !== 'delivered') throw new Error('the utterance was not transcribed');
  return event;
}

describe('dictation through a remote engine', () => {
  it('delivers the remote engine’s text and says which engine produced it', async () => {
    const app = await startHeadlessRuntime({
      model: fixtures.microModel,
      settings: remoteSettings(server.baseUrl, 20_000),
    });
    apps.push(app);
    const event = await dictate(app);
    expect(event.engine).toBe('GPU box');
    expect(event.text.trim().length).toBeGreaterThan(0);
    const state = await app.runtime.core.handle({ type: 'get_state' });
    expect(state.ok && (state.payload as AppState).lastTranscript?.engine).toBe('GPU box');
    expect(state.ok && (state.payload as AppState).lastTranscript?.text).toBe(event.text);
  });

  it('sends the dictation to the translations route when the settings translate', async () => {
    // A real HTTP server that records what it was asked and answers as an OpenAI server would.
    const asked: { url: string; body: string }[] = [];
    const recorder: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        asked.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('latin1') });
        const reply = { text: 'Ask not what your country can do.', language: 'english', segments: [] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = recorder.address() as AddressInfo;
      const app = await startHeadlessRuntime({
        model: fixtures.microModel,
        speech: { language: 'fr', translate: true },
        settings: remoteSettings(`http://127.0.0.1:${port}/v1`, 20_000),
      });
      apps.push(app);
      const event = await dictate(app);
      expect(event.engine).toBe('GPU box');
      // The window, the history and the paste all have the remote's text, not the local engine's.
      expect(event.text).toContain('Ask not what your country can do');
      expect(event.raw).toBeUndefined();
      const history = await app.runtime.core.handle({ type: 'history_list', limit: 5 });
      expect(JSON.stringify(history)).toContain('Ask not what your country can do');
      const dictation = asked.filter((a) => a.url.includes('/audio/'));
      expect(dictation.map((a) => a.url)).toEqual(['/v1/audio/translations']);
      // The translations route takes no language: the speech is said to be translated into English.
      expect(dictation[0]?.body).not.toContain('name="language"');
    } finally {
      await new Promise<void>((resolve) => recorder.close(() => resolve()));
    }
  });

  it('falls back to the local engine’s text when the remote does not answer in time', async () => {
    const app = await startHeadlessRuntime({
      model: fixtures.microModel,
      settings: remoteSettings(slow.baseUrl, 1500),
    });
    apps.push(app);
    const started = Date.now();
    const event = await dictate(app);
    expect(event.engine).toBe('local');
    expect(event.text.trim().length).toBeGreaterThan(0);
    expect(slow.requests()).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

import { createServer, type Server } from 'node:net';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { encodePcm16Wav } from '../../src/audio/wav-header.js';
import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import type {
  AppEvent,
  AppPayload,
  AppRequestOf,
  AppRequestType,
  AppResponse,
} from '../../src/shared/app-protocol.js';
import type { ServeState } from '../../src/shared/sessions.js';
import type { SettingsPatch } from '../../src/shared/settings.js';
import { fixtures } from '../helpers/fixtures.js';
import { startSessionsApp, type SessionsApp } from '../helpers/sessions-app.js';

// "Serve my engine to other programs" in the real app runtime: the setting goes through the app core
// (what the window's IPC calls) into the real settings store; the real ServeService starts the real
// transcription server with an engine process of its own, whisper.cpp with micro-en, and the official
// `openai` npm package is the client. Nothing is stubbed.
let app: SessionsApp;
let clip: Buffer;
const basePort = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  // micro-en takes at most 6 s of audio: the first 5.5 s of jfk.wav.
  clip = encodePcm16Wav((await readAudioFile(fixtures.jfkWav)).subarray(0, 88_000));
  app = await startSessionsApp({ integrations: {} });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

async function ask<T extends AppRequestType>(request: AppRequestOf<T>): Promise<AppPayload<T>> {
  const response = (await answerRawRequest(app.runtime.core, request)) as AppResponse<T>;
  if (!response.ok) throw new Error(`${request.type}: ${response.error.message}`);
  return response.payload;
}

const update = (patch: SettingsPatch) => ask({ type: 'settings_update', patch });

/** Resolves with the server's state once an integrations_changed event shows `wanted` (on `port`). */
async function serveState(
  wanted: ServeState['state'],
  port?: number,
  timeoutMs = 20_000,
): Promise<ServeState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = app.events.filter(
      (e): e is Extract<AppEvent, { type: 'integrations_changed' }> => e.type === 'integrations_changed',
    );
    const last = events.at(-1)?.status.serve;
    if (last?.state === wanted && (port === undefined || ('port' in last && last.port === port))) return last;
    if (Date.now() > deadline) throw new Error(`the server is ${JSON.stringify(last)}, not ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function client(baseURL: string, apiKey: string): OpenAI {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0 });
}

async function refused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/v1/models`).then(
    () => false,
    (error: { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return !alive(pid);
}

describe('Serve my engine to other programs (the app setting)', () => {
  it('turned on, transcribes real audio for the openai client, follows the model and the port live, and closes when off', async () => {
    expect((await ask({ type: 'integrations_status' })).serve).toEqual({ state: 'off' });
    await update({ integrations: { serveEnabled: true, servePort: basePort } });
    const listening = await serveState('listening');
    expect(listening).toMatchObject({ port: basePort, host: '127.0.0.1' });
    if (listening.state !== 'listening') throw new Error('not listening');
    expect(listening.baseUrl).toBe(`http://127.0.0.1:${basePort}/v1`);
    const token = app.runtime.settings.get().integrations.serveToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Lazy: no engine process until the first request.
    expect(app.runtime.integrations.serve.enginePid).toBeUndefined();

    const served = client(listening.baseUrl, token);
    expect((await served.models.list()).data.map((m) => m.id)).toEqual(['micro-en']);
    const result = await served.audio.transcriptions.create({
      file: await toFile(clip, 'clip.wav', { type: 'audio/wav' }),
      model: 'whisper-1',
      response_format: 'verbose_json',
      language: 'en',
    });
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(result.segments?.length).toBeGreaterThan(0);
    const pid = app.runtime.integrations.serve.enginePid;
    expect(pid).toBeTypeOf('number');
    expect(pid).not.toBe(app.runtime.engine.pid);

    const wrongKey = await client(listening.baseUrl, 'x'.repeat(43))
      .models.list()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(wrongKey).toBeInstanceOf(OpenAI.AuthenticationError);

    // The active model changes: the same server serves the new one (loaded at the next request).
    await update({ speech: { model: fixtures.vocabOnlyModel } });
    expect((await served.models.list()).data.map((m) => m.id)).toEqual(['tiny.en-vocab-only']);
    const empty = await served.audio.transcriptions.create({
      file: await toFile(clip, 'clip.wav', { type: 'audio/wav' }),
      model: 'tiny.en-vocab-only',
    });
    expect(empty.text).toBe('');
    expect(app.runtime.integrations.serve.enginePid).toBe(pid);

    // A new port, live: the old one closes, the engine (and its loaded model) is kept.
    const nextPort = basePort + 1;
    await update({ integrations: { servePort: nextPort } });
    const moved = await serveState('listening', nextPort);
    expect(moved).toMatchObject({ port: nextPort, baseUrl: `http://127.0.0.1:${nextPort}/v1` });
    expect(await refused(basePort)).toBe(true);
    expect((await client(`http://127.0.0.1:${nextPort}/v1`, token).models.list()).data).toHaveLength(1);

    await update({ integrations: { serveEnabled: false } });
    await serveState('off');
    expect(await refused(nextPort)).toBe(true);
    expect(await gone(pid as number)).toBe(true);
    expect(app.runtime.integrations.serve.enginePid).toBeUndefined();
    expect(app.runtime.engine.state).toBe('ready');
  }, 120_000);

  it('refuses a non-loopback address whose token is weak, and says so in the window', async () => {
    const port = basePort + 2;
    await update({
      integrations: { serveEnabled: true, servePort: port, serveHost: '0.0.0.0', serveToken: 'short-token' },
    });
    const failed = await serveState('failed');
    if (failed.state !== 'failed') throw new Error('not failed');
    expect(failed.message).toBe(
      'The server token is only 11 characters long; it must be at least 32 random characters.',
    );
    expect(failed.hint).toContain('Generate a new token');
    const notice = app.events.find((e) => e.type === 'notice' && e.message === failed.message);
    expect(notice).toMatchObject({ level: 'warning', hint: failed.hint });
    expect(await refused(port)).toBe(true);

    // A new token from the window's button: the same address now listens, with that token.
    const { token } = await ask({ type: 'serve_regenerate_token' });
    const listening = await serveState('listening', port);
    expect(listening).toMatchObject({ host: '0.0.0.0', port, baseUrl: `http://0.0.0.0:${port}/v1` });
    expect((await client(`http://127.0.0.1:${port}/v1`, token).models.list()).data).toHaveLength(1);
    await update({ integrations: { serveEnabled: false, serveHost: '127.0.0.1' } });
    await serveState('off');
  }, 60_000);

  it('says which port is taken when another program has it', async () => {
    const port = basePort + 3;
    const other: Server = createServer();
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      await update({ integrations: { serveEnabled: true, servePort: port } });
      const failed = await serveState('failed');
      expect(failed).toMatchObject({
        port,
        message: `Port ${port} is already in use by another program, so the transcription server is not listening.`,
      });
    } finally {
      await update({ integrations: { serveEnabled: false } });
      await new Promise((resolve) => other.close(resolve));
    }
    await serveState('off');
  }, 60_000);

  it('stops its engine process when the app shuts down', async () => {
    const port = basePort + 4;
    const second = await startSessionsApp({ integrations: { serveEnabled: true, servePort: port } });
    try {
      const deadline = Date.now() + 20_000;
      while (second.runtime.integrations.serve.state().state !== 'listening' && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const token = second.runtime.settings.get().integrations.serveToken;
      const served = client(`http://127.0.0.1:${port}/v1`, token);
      const text = await served.audio.transcriptions.create({
        file: await toFile(clip, 'clip.wav', { type: 'audio/wav' }),
        model: 'whisper-1',
      });
      expect(text.text.trim().length).toBeGreaterThan(0);
      const pid = second.runtime.integrations.serve.enginePid as number;
      expect(alive(pid)).toBe(true);
      await second.runtime.shutdown({ reason: 'test', utteranceWaitMs: 100 });
      expect(await gone(pid)).toBe(true);
      expect(await refused(port)).toBe(true);
    } finally {
      await second.close();
    }
  }, 90_000);
});

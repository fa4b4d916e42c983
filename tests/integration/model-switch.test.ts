import { readAudioFile } from '../../src/audio/open-audio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/app-protocol.js';
import type { SpeechModelStatus } from '../../src/shared/speech-model-status.js';
import { fixtures, tinyParakeetModel } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';

/**
 * Switching the model setting between a Whisper and a Parakeet model in the running app (the whole
 * runtime: settings, engine process, dictation pipeline, history): each dictation after a switch is
 * recognised by the model just chosen, in the same engine process, without restarting anything.
 */
const SR = 16000;
const WHISPER = 'micro-en.bin';
const PARAKEET = 'ggml-parakeet-tiny.bin';
let app: HeadlessRuntime;
let jfk: Float32Array;

beforeAll(async () => {
  jfk = await readAudioFile(fixtures.jfkWav);
  app = await startHeadlessRuntime({
    model: WHISPER,
    installModels: { [WHISPER]: fixtures.microModel, [PARAKEET]: tinyParakeetModel() },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

async function modelStatus(): Promise<SpeechModelStatus> {
  const response = await app.runtime.core.handle({ type: 'speech_model_status' });
  if (!response.ok) throw new Error(response.error.message);
  return response.payload as SpeechModelStatus;
}

async function choose(file: string): Promise<void> {
  const saved = await app.runtime.core.handle({
    type: 'settings_update',
    patch: { speech: { model: file } },
  });
  expect(saved.ok).toBe(true);
  await expect
    .poll(async () => (await modelStatus()).loaded?.path.endsWith(`/${file}`), { timeout: 30_000 })
    .toBe(true);
}

/** One dictation from the UI: 2.6 s of speech between start and stop; resolves with what was delivered. */
async function dictate(): Promise<Extract<AppEvent, { type: 'delivered' }>> {
  const seen = app.events.length;
  app.source.push(new Float32Array(SR));
  const started = await app.runtime.core.handle({ type: 'dictation_start', trigger: 'ui' });
  expect(started).toMatchObject({ ok: true, payload: { phase: 'recording' } });
  app.source.push(jfk.subarray(0, 2.6 * SR));
  await app.runtime.core.handle({ type: 'dictation_stop' });
  await expect
    .poll(() => app.events.slice(seen).find((e) => e.type === 'delivered' || e.type === 'no_speech'), {
      timeout: 60_000,
    })
    .toBeDefined();
  const outcome = app.events.slice(seen).find((e) => e.type === 'delivered' || e.type === 'no_speech')!;
  if (outcome.type !== 'delivered') throw new Error(`the utterance was not transcribed (${outcome.type})`);
  return outcome;
}

describe('switching the speech model in settings', () => {
  it('goes from Whisper to Parakeet and back without restarting the app or the engine', async () => {
    const enginePid = app.runtime.engine.pid;
    expect(enginePid).toBeDefined();
    expect((await modelStatus()).loaded?.capabilities.family).toBe('whisper');
    const first = await dictate();
    expect(first.text.trim().length).toBeGreaterThan(0);

    await choose(PARAKEET);
    const parakeet = await modelStatus();
    expect(parakeet).toMatchObject({
      problem: null,
      loaded: { capabilities: { family: 'parakeet', takesPrompt: false, translates: false } },
    });
    const second = await dictate();
    expect(second.text.trim().length).toBeGreaterThan(0);

    await choose(WHISPER);
    expect((await modelStatus()).loaded?.capabilities.family).toBe('whisper');
    const third = await dictate();
    expect(third.text.trim().length).toBeGreaterThan(0);

    // Each dictation was recognised by the model chosen at the time, in the same engine process.
    const byId = new Map(app.runtime.history.page().entries.map((e) => [e.id, e.model]));
    expect([first, second, third].map((d) => byId.get(d.sessionId))).toEqual([
      'micro-en',
      'parakeet-tiny',
      'micro-en',
    ]);
    expect(app.runtime.engine.pid).toBe(enginePid);
    expect(app.runtime.readiness()).toBeNull();
  });
});

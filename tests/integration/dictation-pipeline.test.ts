import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { ListenerEvent } from '../../src/engine/client/engine-client.js';
import { createStderrLogger, silentLogger } from '../../src/services/logging/logger.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import {
  DictationController,
  type CompletedDictation,
} from '../../src/services/dictation/dictation-controller.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { AppError } from '../../src/shared/errors.js';
import { recordedDelivery } from '../helpers/recorded-delivery.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';
import { encodeWav } from '../helpers/wav-writer.js';

const run = promisify(execFile);
const SR = 16000;
const silence = (seconds: number) => new Float32Array(Math.round(seconds * SR));

/** Speech regions of jfk.wav found by Silero (fixtures README): 0.3-2.3, 3.3-4.4, 5.4-7.7, 8.2-10.6 s. */
const JFK_REGIONS = [
  [300, 2300],
  [3300, 4400],
  [5400, 7700],
  [8200, 10600],
] as const;

describe('dictation listen (headless pipeline: file -> pre-roll -> VAD -> whisper)', () => {
  const env = { ...process.env, DICTATION_VAD_MODEL: fixtures.sileroVad };

  it('finds the utterances where the speech is and transcribes each one', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        cliEntry,
        'listen',
        '--file',
        fixtures.jfkWav,
        '--model',
        fixtures.microModel,
        '--vad-silence',
        '400',
        '--fast',
        '--json',
      ],
      { env },
    );
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const starts = events.filter((e) => e['type'] === 'speech_start').map((e) => e['atMs'] as number);
    const ends = events.filter((e) => e['type'] === 'speech_end').map((e) => e['atMs'] as number);
    expect(starts).toHaveLength(4);
    expect(ends).toHaveLength(4);
    JFK_REGIONS.forEach(([start, end], i) => {
      expect(Math.abs((starts[i] ?? 0) - start)).toBeLessThan(300);
      // The last region runs into the end of the file (11.0 s), where the input ends.
      expect(Math.abs((ends[i] ?? 0) - end)).toBeLessThan(i === 3 ? 600 : 300);
    });
    const finals = events.filter((e) => e['type'] === 'transcript' && e['isFinal'] === true);
    expect(finals).toHaveLength(4);
    for (const final of finals) {
      expect(String(final['text']).trim().length).toBeGreaterThan(0);
      expect(typeof final['sessionId']).toBe('string');
      expect(typeof final['timestamp']).toBe('number');
    }
    expect(events.at(-1)?.['type']).toBe('session_end');
  });

  it('prints nothing but the session end for pure silence (no transcription, no invented text)', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const file = path.join(dir, 'silence.wav');
      const { writeFileSync } = await import('node:fs');
      // Quiet noise rather than digital zero, as a real room would be.
      const noise = silence(6).map(() => (Math.random() - 0.5) * 0.002);
      writeFileSync(file, encodeWav(noise, { sampleRate: SR, channels: 1, bits: 16 }));
      const { stdout } = await run(
        process.execPath,
        [cliEntry, 'listen', '--file', file, '--model', fixtures.microModel, '--fast', '--json'],
        { env },
      );
      const types = stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type);
      expect(types).toEqual(['session_end']);
    } finally {
      cleanup();
    }
  });
});

describe('DictationController (real engine process, real VAD, real whisper)', () => {
  let host: EngineHost;
  let source: PushSource;
  let controller: DictationController;
  let jfk: Float32Array;
  const events: DictationEvent[] = [];
  const engineEvents: ListenerEvent[] = [];
  const delivered: string[] = [];
  const completed: CompletedDictation[] = [];

  const deliver = recordedDelivery(delivered);

  const next = (type: DictationEvent['type'], sessionId: string, timeoutMs = 30_000) =>
    new Promise<DictationEvent>((resolve, reject) => {
      const found = events.find((e) => e.type === type && 'sessionId' in e && e.sessionId === sessionId);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no ${type} for ${sessionId}`)), timeoutMs);
      const off = controller.subscribe((e) => {
        if (e.type === type && 'sessionId' in e && e.sessionId === sessionId) {
          clearTimeout(timer);
          off();
          resolve(e);
        }
      });
    });
  const settle = (sessionId: string) =>
    Promise.race([next('delivered', sessionId), next('no_speech', sessionId)]);

  beforeAll(async () => {
    jfk = await readAudioFile(fixtures.jfkWav);
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'dictation-test',
      logger: process.env['DEBUG_DICTATION'] ? createStderrLogger('debug') : silentLogger(),
      backoffMs: [50, 200],
    });
    await host.start();
    await host.loadModel(fixtures.microModel);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      options: { language: 'en' },
    });
    host.onListenerEvent((e) => engineEvents.push(e));
    source = new PushSource();
    controller = new DictationController({
      engine: host,
      createSource: () => source,
      deliver,
      onCompleted: (d) => completed.push(d),
      logger: process.env['DEBUG_DICTATION'] ? createStderrLogger('debug') : silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    controller.subscribe((e) => events.push(e));
    await controller.arm();
  });

  afterAll(async () => {
    await controller?.dispose();
    await host?.stop();
  });

  it('records, transcribes and delivers an utterance, with timings and history', async () => {
    source.push(silence(1));
    const sessionId = await controller.start('ui');
    expect(controller.status()).toMatchObject({ phase: 'recording', sessionId });
    source.push(jfk.subarray(0, 2.6 * SR));
    await controller.stop();
    expect(controller.status().phase).toBe('transcribing');
    const result = await next('delivered', sessionId);
    if (result.type !== 'delivered') throw new Error('unreachable');
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(delivered.at(-1)).toBe(result.text);
    expect(result.timings.releaseToTextMs).toBeGreaterThanOrEqual(result.timings.transcribeMs);
    expect(completed.at(-1)?.sessionId).toBe(sessionId);
    expect(controller.status().phase).toBe('idle');
    expect(events.some((e) => e.type === 'speech_start' && e.sessionId === sessionId)).toBe(true);
    expect(events.some((e) => e.type === 'level')).toBe(true);
  });

  it('keeps the pre-roll: speech that began before the key press is in the utterance', async () => {
    // The user starts speaking 300 ms before the key press registers.
    source.push(silence(1));
    source.push(jfk.subarray(0.3 * SR - 0.05 * SR, 0.6 * SR)); // speech onset, then 300 ms of speech
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0.6 * SR, 2.5 * SR));
    await controller.stop();
    await next('delivered', sessionId);
    const closed = engineEvents.find((e) => e.type === 'utterance_closed' && e.sessionId === sessionId);
    const speechStart = engineEvents.find((e) => e.type === 'speech_start' && e.sessionId === sessionId);
    if (closed?.type !== 'utterance_closed' || speechStart?.type !== 'speech_start')
      throw new Error('events missing');
    const keyPressAtMs = closed.fromMs + 500;
    // Speech was found inside the pre-roll, about 300 ms before the key press.
    expect(speechStart.atMs).toBeGreaterThanOrEqual(closed.fromMs);
    expect(keyPressAtMs - speechStart.atMs).toBeGreaterThan(200);
  });

  it('never transcribes or delivers a recording with no speech', async () => {
    const before = (await host.requireClient().status()).transcriptions;
    const deliveredBefore = delivered.length;
    source.push(silence(1));
    const sessionId = await controller.start('hotkey');
    source.push(silence(2).map(() => (Math.random() - 0.5) * 0.003));
    await controller.stop();
    const outcome = await settle(sessionId);
    expect(outcome.type).toBe('no_speech');
    expect((await host.requireClient().status()).transcriptions).toBe(before);
    expect(delivered.length).toBe(deliveredBefore);
    expect(controller.status().phase).toBe('idle');
  });

  it('discards a cancelled recording', async () => {
    const before = (await host.requireClient().status()).transcriptions;
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0, 2 * SR));
    await controller.cancel();
    expect(controller.status().phase).toBe('idle');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.some((e) => e.type === 'delivered' && e.sessionId === sessionId)).toBe(false);
    expect((await host.requireClient().status()).transcriptions).toBe(before);
  });

  it('restarts a crashed engine and still transcribes the utterance in flight', async () => {
    const pidBefore = host.pid;
    source.push(silence(1));
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0, 2.6 * SR));
    await controller.stop();
    const killedAt = performance.now();
    // The engine is now transcribing this utterance: kill it as a crash would.
    process.kill(pidBefore ?? 0, 'SIGKILL');
    const result = await next('delivered', sessionId, 60_000);
    if (result.type !== 'delivered') throw new Error('unreachable');
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(host.state).toBe('ready');
    expect(host.pid).not.toBe(pidBefore);
    console.log(
      `crash -> restarted engine -> text delivered in ${Math.round(performance.now() - killedAt)} ms`,
    );
  });

  it('sends live partial text while the user speaks, then the final text', async () => {
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      partials: true,
      options: { language: 'en' },
    });
    source.push(silence(1));
    const sessionId = await controller.start('hotkey');
    // Speech arrives in real-time-sized pieces, with time in between for the engine to re-decode.
    for (let t = 0; t < 2.6; t += 0.5) {
      source.push(jfk.subarray(Math.round(t * SR), Math.round(Math.min(2.6, t + 0.5) * SR)));
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    // On a loaded machine a re-decode can outlast the speech: give the one in flight time to land.
    await next('transcript', sessionId, 15_000);
    await controller.stop();
    const result = await next('delivered', sessionId);
    const transcripts = events.filter((e) => e.type === 'transcript' && e.sessionId === sessionId);
    const partials = transcripts.filter((e) => e.type === 'transcript' && !e.isFinal);
    expect(partials.length).toBeGreaterThan(0);
    // The final text comes last and is what was delivered.
    const last = transcripts.at(-1);
    expect(last?.type === 'transcript' && last.isFinal).toBe(true);
    if (result.type === 'delivered' && last?.type === 'transcript') expect(last.text).toBe(result.text);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      options: { language: 'en' },
    });
  });

  it('ends the recording by itself after the configured silence when auto-stop is on', async () => {
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 700,
      autoStop: true,
      preRollMs: 500,
      options: { language: 'en' },
    });
    source.push(silence(1));
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0, 2.4 * SR));
    source.push(silence(1.2));
    // No stop(): the VAD heard 700 ms of silence after the speech and ended the utterance.
    const result = await next('delivered', sessionId);
    expect(result.type).toBe('delivered');
    expect(controller.status().phase).toBe('idle');
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      options: { language: 'en' },
    });
  });

  it('keeps and transcribes what was said when the microphone disappears mid-recording', async () => {
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0, 2.6 * SR));
    source.fail(
      new AppError('device_lost', 'Lost the microphone while recording (device unplugged).', {
        hint: 'What was recorded until then is kept.',
      }),
    );
    expect(source.running).toBe(true); // the controller dropped it; the test source only knows on stop
    const reported = events.find((e) => e.type === 'state' && e.status.error?.kind === 'device_lost');
    expect(reported).toBeDefined();
    const result = await next('delivered', sessionId, 60_000);
    if (result.type !== 'delivered') throw new Error('unreachable');
    expect(result.text.trim().length).toBeGreaterThan(0); // discarded audio would end as no_speech
    // The next recording opens the microphone again.
    const again = await controller.start('hotkey');
    expect(controller.status()).toMatchObject({ phase: 'recording', sessionId: again });
    await controller.cancel();
  });

  it('loses nothing when the engine dies while the user is still speaking', async () => {
    const pidBefore = host.pid;
    const sessionId = await controller.start('hotkey');
    source.push(jfk.subarray(0, 1.5 * SR));
    process.kill(pidBefore ?? 0, 'SIGKILL');
    // The user keeps talking while the engine restarts.
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.push(jfk.subarray(1.5 * SR, 2.6 * SR));
    await new Promise<void>((resolve) => {
      const check = () =>
        host.state === 'ready' && host.pid !== pidBefore ? resolve() : setTimeout(check, 20);
      check();
    });
    source.push(silence(0.3));
    await controller.stop();
    const result = await next('delivered', sessionId, 60_000);
    if (result.type !== 'delivered') throw new Error('unreachable');
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(result.timings.recordedMs).toBeGreaterThan(0);
  });
});

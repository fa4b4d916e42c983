import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerEvent } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { MicrophoneSource } from '../../src/services/capture/microphone-source.js';
import {
  DictationController,
  type CompletedDictation,
} from '../../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { silence, speak, Timeline, withNoise } from '../helpers/espeak.js';
import { recordedDelivery } from '../helpers/recorded-delivery.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { pulseAvailable, startVirtualMicrophone, type VirtualMicrophone } from '../helpers/pulse.js';
import { writeWav } from '../helpers/wav-writer.js';

const missing = pulseAvailable();
if (missing) console.warn(`[wake-word-pulse] skipped: ${missing}`);

const jarvis = path.join(fixtures.wakewordDir, 'hey_jarvis_v0.1.onnx');

/**
 * The hands-free journey as the app runs it: "hey jarvis" and a request played into a PulseAudio
 * virtual microphone, captured by PortAudio, the wake word and VAD in the real engine process, and the
 * dictation controller turning the engine's wake utterance into a delivered dictation. Only the paste
 * is recorded in memory (delivery has its own X11 tests).
 */
describe.skipIf(missing !== null)('wake word through a PulseAudio virtual microphone', () => {
  let mic: VirtualMicrophone;
  let host: EngineHost;
  let controller: DictationController;
  let temp: { dir: string; cleanup: () => void };
  const events: DictationEvent[] = [];
  const engineEvents: ListenerEvent[] = [];
  const delivered: string[] = [];
  const completed: CompletedDictation[] = [];
  let firstBlock: Promise<void>;

  const deliver = recordedDelivery(delivered);

  beforeAll(async () => {
    temp = makeTempDir('wake-pulse-');
    mic = await startVirtualMicrophone();
    process.env['PULSE_SERVER'] = mic.server;
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'wake-pulse-test',
      logger: silentLogger(),
    });
    await host.start();
    await host.loadModel(fixtures.microModel);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      options: { language: 'en' },
      wake: { models: [{ phrase: 'hey jarvis', path: jarvis }], threshold: 0.5, refractoryMs: 2000 },
    });
    host.onListenerEvent((event) => engineEvents.push(event));
    let gotBlock: () => void = () => {};
    firstBlock = new Promise((resolve) => (gotBlock = resolve));
    controller = new DictationController({
      engine: host,
      createSource: () => {
        const source = new MicrophoneSource({ deviceId: null });
        return {
          label: source.label,
          start: (handlers) =>
            source.start({
              ...handlers,
              onBlock: (samples) => {
                gotBlock();
                handlers.onBlock(samples);
              },
            }),
          stop: () => source.stop(),
        };
      },
      deliver,
      onCompleted: (dictation) => completed.push(dictation),
      logger: silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    controller.subscribe((event) => events.push(event));
    // The app keeps the microphone open while the wake word is on.
    await controller.arm();
    await firstBlock;
  });

  afterAll(async () => {
    await controller?.dispose();
    await host?.stop();
    await mic?.stop();
    temp?.cleanup();
    delete process.env['PULSE_SERVER'];
  });

  it('starts a dictation on the phrase and delivers the words after it, without the phrase', async () => {
    const timeline = new Timeline();
    timeline.add(silence(1200));
    const phrase = timeline.add(withNoise(speak(temp.dir, 'hey jarvis', 'en-gb', 150, true), 0.01, 3));
    timeline.add(silence(400));
    const request = timeline.add(speak(temp.dir, 'send a message to my sister', 'en-gb', 150, true));
    timeline.add(silence(2500));
    const file = path.join(temp.dir, 'wake.wav');
    writeWav(file, timeline.samples(), { sampleRate: 16000, channels: 1, bits: 16 });
    await mic.play(file);

    const result = await waitFor(() => events.find((e) => e.type === 'delivered'), 30_000);
    const wake = events.find((e) => e.type === 'wake_word');
    if (wake?.type !== 'wake_word' || result.type !== 'delivered') throw new Error('unreachable');
    expect(wake.phrase).toBe('hey jarvis');
    expect(wake.confidence).toBeGreaterThanOrEqual(0.5);
    expect(wake.sessionId).toBe(result.sessionId);
    // The window and tray saw a recording that the wake word started.
    expect(
      events.some(
        (e) => e.type === 'state' && e.status.phase === 'recording' && e.status.sessionId === wake.sessionId,
      ),
    ).toBe(true);
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(delivered).toEqual([result.text]);
    expect(completed.map((c) => c.trigger)).toEqual(['wake_word']);

    // What was transcribed begins after the phrase and holds the request (engine input time).
    const engineWake = engineEvents.find((e) => e.type === 'wake_word');
    const engineResult = engineEvents.find((e) => e.type === 'utterance_result');
    if (engineWake?.type !== 'wake_word' || engineResult?.type !== 'utterance_result') {
      throw new Error(`engine events: ${engineEvents.map((e) => e.type).join(', ')}`);
    }
    expect(engineResult.fromMs).toBeGreaterThanOrEqual(engineWake.atMs);
    const requestMs = request.toMs - request.fromMs;
    expect(engineResult.toMs - engineResult.fromMs).toBeGreaterThan(requestMs - 400);
    // The phrase ended where it was played: the request starts 400 ms after it.
    const phraseToRequest = request.fromMs - phrase.toMs;
    expect(engineResult.fromMs - engineWake.atMs).toBeLessThan(phraseToRequest + 600);
    // Main's own copy (for a crash replay and the session recording) holds the request too.
    expect(completed[0]?.audio.length ?? 0).toBeGreaterThan((requestMs / 1000) * 16000);
    expect(controller.status().phase).toBe('idle');
  });

  it('does not start a second dictation when the phrase is said during a running one', async () => {
    const before = events.filter((e) => e.type === 'delivered').length;
    const sessionId = await controller.start('hotkey');
    const file = path.join(temp.dir, 'during.wav');
    const timeline = new Timeline();
    timeline.add(speak(temp.dir, 'hey jarvis, this belongs to the key press', 'en-us', 150, true));
    timeline.add(silence(500));
    writeWav(file, timeline.samples(), { sampleRate: 16000, channels: 1, bits: 16 });
    await mic.play(file);
    await controller.stop();
    const result = await waitFor(
      () => events.find((e) => e.type === 'delivered' && e.sessionId === sessionId),
      30_000,
    );
    expect(result.type).toBe('delivered');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(before + 1);
    expect(events.filter((e) => e.type === 'wake_word')).toHaveLength(1);
  });
  it('still delivers a wake-word dictation when the engine crashes in the middle of it', async () => {
    const pidBefore = host.pid;
    const wakesBefore = events.filter((e) => e.type === 'wake_word').length;
    const timeline = new Timeline();
    timeline.add(silence(800));
    timeline.add(speak(temp.dir, 'hey jarvis', 'en-us', 150, true));
    timeline.add(silence(400));
    timeline.add(speak(temp.dir, 'remind me to water the plants on the balcony', 'en-us', 140, true));
    timeline.add(silence(2500));
    const file = path.join(temp.dir, 'crash.wav');
    writeWav(file, timeline.samples(), { sampleRate: 16000, channels: 1, bits: 16 });
    const playing = mic.play(file);
    const wake = await waitFor(() => events.filter((e) => e.type === 'wake_word')[wakesBefore], 20_000);
    process.kill(pidBefore ?? 0, 'SIGKILL');
    await playing;
    const result = await waitFor(
      () => events.find((e) => e.type === 'delivered' && e.sessionId === wake.sessionId),
      60_000,
    );
    if (result.type !== 'delivered') throw new Error('unreachable');
    expect(host.pid).not.toBe(pidBefore);
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(controller.status().phase).toBe('idle');
  });
});

async function waitFor<T>(find: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

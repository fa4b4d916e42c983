import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { ListenerEvent } from '../../src/engine/client/engine-client.js';
import { MicrophoneSource } from '../../src/services/capture/microphone-source.js';
import { listMicrophones } from '../../src/services/capture/devices.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import {
  pulseAvailable,
  speechWav,
  startVirtualMicrophone,
  type VirtualMicrophone,
} from '../helpers/pulse.js';

const missing = pulseAvailable();
if (missing) console.warn(`[microphone-pulse] skipped: ${missing}`);

/**
 * The real microphone path: PulseAudio with a virtual microphone (a null sink's monitor), speech from
 * espeak-ng played into it, captured by PortAudio through naudiodon's binding, segmented by the real
 * Silero VAD in the real engine process.
 */
describe.skipIf(missing !== null)('microphone capture through a PulseAudio virtual microphone', () => {
  let mic: VirtualMicrophone;
  let host: EngineHost;
  let source: MicrophoneSource;
  let temp: { dir: string; cleanup: () => void };
  const events: { event: ListenerEvent; wall: number }[] = [];
  let received = 0;

  beforeAll(async () => {
    temp = makeTempDir();
    mic = await startVirtualMicrophone();
    // Read by ALSA's PulseAudio plugin when PortAudio opens the device, in this process.
    process.env['PULSE_SERVER'] = mic.server;
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'mic-test',
      logger: silentLogger(),
    });
    await host.start();
    await host.loadModel(fixtures.microModel);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      continuous: true,
      silenceMs: 600,
      preRollMs: 500,
      options: { language: 'en' },
    });
    host.onListenerEvent((event) => events.push({ event, wall: performance.now() }));
  });

  afterAll(async () => {
    await source?.stop();
    await host?.stop();
    await mic?.stop();
    temp?.cleanup();
    delete process.env['PULSE_SERVER'];
  });

  it('lists the virtual microphone as an input device with a default', () => {
    const devices = listMicrophones();
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.filter((d) => d.isDefault)).toHaveLength(1);
  });

  it('finds the utterance where the speech was played, with the pre-roll in front, and silence is never transcribed', async () => {
    const speech = path.join(temp.dir, 'speech.wav');
    speechWav(speech, 'please send the report to the team before noon');
    source = new MicrophoneSource({ deviceId: null });
    await source.start({
      onBlock: (samples) => {
        received += samples.length;
        host.sendAudio(samples);
      },
    });
    // 1.5 s of room silence first (counted in captured audio: a freshly opened PulseAudio source can
    // take a while to flow on a loaded machine): nothing may happen.
    for (let waited = 0; received < 1.5 * 16000; waited += 50) {
      if (waited > 20_000) throw new Error(`only ${received} samples captured in 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const transcriptionsBeforeSpeech = (await host.requireClient().status()).transcriptions;
    expect(transcriptionsBeforeSpeech).toBe(0);
    expect(events).toHaveLength(0);

    // Positions in captured audio, as the engine counts them (wall time drifts on a loaded machine).
    const capturedMs = () => (received * 1000) / 16000;
    const playStartMs = capturedMs();
    await mic.play(speech);
    const playEndMs = capturedMs();
    const result = await new Promise<Extract<ListenerEvent, { type: 'utterance_result' }>>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no utterance_result')), 30_000);
        const check = setInterval(() => {
          const found = events.find((e) => e.event.type === 'utterance_result');
          if (found && found.event.type === 'utterance_result') {
            clearTimeout(timer);
            clearInterval(check);
            resolve(found.event);
          }
        }, 50);
      },
    );

    const start = events.find((e) => e.event.type === 'speech_start')?.event;
    const end = events.find((e) => e.event.type === 'speech_end')?.event;
    const closed = events.find((e) => e.event.type === 'utterance_closed')?.event;
    if (start?.type !== 'speech_start' || end?.type !== 'speech_end' || closed?.type !== 'utterance_closed') {
      throw new Error(`missing events: ${events.map((e) => e.event.type).join(', ')}`);
    }
    // Boundaries where the speech was played (PulseAudio adds tens of ms of latency).
    expect(start.atMs).toBeGreaterThan(playStartMs - 100);
    expect(start.atMs).toBeLessThan(playStartMs + 500);
    expect(end.atMs).toBeGreaterThan(playEndMs - 800);
    expect(end.atMs).toBeLessThan(playEndMs + 500);
    // The kept audio begins before the detected speech: the pre-roll holds at least its first 300 ms.
    expect(start.atMs - closed.fromMs).toBeGreaterThanOrEqual(300);
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event.type === 'utterance_result')).toHaveLength(1);
  });
});

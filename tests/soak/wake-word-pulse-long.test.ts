import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerEvent } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { MicrophoneSource } from '../../src/services/capture/microphone-source.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { silence, speak, Timeline, withNoise } from '../helpers/espeak.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { NON_WAKE_SENTENCES, OTHER_VOICES } from '../helpers/wake-speech.js';
import { pulseAvailable, startVirtualMicrophone, type VirtualMicrophone } from '../helpers/pulse.js';
import { writeWav } from '../helpers/wav-writer.js';

const missing = pulseAvailable();
if (missing) console.warn(`[wake-word-pulse-long] skipped: ${missing}`);

const jarvis = path.join(fixtures.wakewordDir, 'hey_jarvis_v0.1.onnx');
const SAMPLE_RATE = 16_000;
/** Playback is real time: this test takes as long as its audio (a little over 11 minutes). */
const PLAY_TIMEOUT_MS = 20 * 60_000;

const WAKE_VARIANTS = [
  { voice: 'en-us', speed: 140, noise: 0 },
  { voice: 'en-gb', speed: 170, noise: 0 },
  { voice: 'en-us+f3', speed: 150, noise: 0.01 },
  { voice: 'en-gb-scotland', speed: 150, noise: 0 },
  { voice: 'en-gb-x-rp', speed: 160, noise: 0.02 },
  { voice: 'en-us+m3', speed: 180, noise: 0.01 },
];

interface Region {
  fromMs: number;
  toMs: number;
}

/**
 * Over ten minutes of other speech (six voices, two speeds, part of it in noise) with the wake phrase
 * said six times in between, played in real time into a PulseAudio virtual microphone and captured by
 * PortAudio like the app does; the wake word runs in the real engine. Reports the detection rate and
 * the false triggers; none may be missed or false.
 */
describe.skipIf(missing !== null)('wake word over ten minutes of speech through a virtual microphone', () => {
  let mic: VirtualMicrophone;
  let host: EngineHost;
  let source: MicrophoneSource | undefined;
  let temp: { dir: string; cleanup: () => void };
  const events: ListenerEvent[] = [];
  let received = 0;
  let sourceError: Error | null = null;

  beforeAll(async () => {
    temp = makeTempDir('wake-pulse-long-');
    mic = await startVirtualMicrophone();
    process.env['PULSE_SERVER'] = mic.server;
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'wake-pulse-long-test',
      logger: silentLogger(),
    });
    await host.start();
    await host.loadModel(fixtures.vocabOnlyModel);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      partials: false,
      options: { language: 'en' },
      wake: { models: [{ phrase: 'hey jarvis', path: jarvis }], threshold: 0.5, refractoryMs: 2000 },
    });
    host.onListenerEvent((event) => events.push(event));
  });

  afterAll(async () => {
    await source?.stop();
    await host?.stop();
    await mic?.stop();
    temp?.cleanup();
    delete process.env['PULSE_SERVER'];
  });

  it(
    'hears every phrase and nothing else',
    async () => {
      const timeline = new Timeline();
      const phrases: Region[] = [];
      const other: Region[] = [];
      // Ten voice-and-speed combinations of the sentences (a little over ten minutes of speech), with
      // the phrase said after every 27 sentences and once at the end.
      const said: { voice: string; speed: number; noisy: boolean; text: string }[] = [];
      for (let combo = 0; combo < 10; combo++) {
        const voice = OTHER_VOICES[combo % OTHER_VOICES.length] ?? 'en-us';
        const speed = combo < OTHER_VOICES.length ? 140 : 175;
        for (const text of NON_WAKE_SENTENCES) said.push({ voice, speed, noisy: combo % 3 === 2, text });
      }
      const addPhrase = (i: number) => {
        const variant = WAKE_VARIANTS[i % WAKE_VARIANTS.length] ?? { voice: 'en-us', speed: 150, noise: 0 };
        const mix = (x: Float32Array) => (variant.noise > 0 ? withNoise(x, variant.noise, i + 1) : x);
        timeline.add(mix(silence(1500)));
        phrases.push(timeline.add(mix(speak(temp.dir, 'hey jarvis', variant.voice, variant.speed, true))));
        timeline.add(mix(silence(400)));
        timeline.add(mix(speak(temp.dir, 'add this to my notes please', variant.voice, variant.speed, true)));
        timeline.add(mix(silence(2500)));
      };
      said.forEach((item, j) => {
        const audio = speak(temp.dir, item.text, item.voice, item.speed);
        other.push(timeline.add(item.noisy ? withNoise(audio, 0.01, j) : audio));
        timeline.add(silence(300));
        if ((j + 1) % 27 === 0) addPhrase(phrases.length);
      });
      addPhrase(phrases.length);
      const otherMs = other.reduce((sum, r) => sum + r.toMs - r.fromMs, 0);
      expect(otherMs).toBeGreaterThan(10 * 60_000);
      const file = path.join(temp.dir, 'long.wav');
      writeWav(file, timeline.samples(), { sampleRate: SAMPLE_RATE, channels: 1, bits: 16 });

      source = new MicrophoneSource({ deviceId: null });
      await source.start({
        onBlock: (samples) => {
          received += samples.length;
          host.sendAudio(samples);
        },
        onError: (error) => {
          sourceError = error;
        },
      });
      for (let waited = 0; received < SAMPLE_RATE; waited += 50) {
        if (waited > 20_000) throw new Error(`only ${received} samples captured in 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Where the file begins in the captured audio (the engine's clock).
      const offsetMs = (received * 1000) / SAMPLE_RATE;
      await mic.play(file);
      await new Promise((resolve) => setTimeout(resolve, 3000));

      const wakes = events.filter((e) => e.type === 'wake_word');
      const heard = phrases.map((p) =>
        wakes.filter((w) => w.atMs >= offsetMs + p.fromMs && w.atMs <= offsetMs + p.toMs + 1500),
      );
      const falseTriggers = wakes.filter((w) => !heard.some((list) => list.includes(w)));
      const detected = heard.filter((list) => list.length > 0).length;
      console.info(
        `wake word through PulseAudio: detected ${detected}/${phrases.length} phrases, ` +
          `${falseTriggers.length} false triggers in ${(otherMs / 60_000).toFixed(1)} min of other speech ` +
          `(${(timeline.durationMs / 60_000).toFixed(1)} min played; confidences ${heard
            .map((list) => list[0]?.confidence.toFixed(3) ?? 'missed')
            .join(', ')})`,
      );
      expect(sourceError).toBeNull();
      expect(falseTriggers.map((w) => w.atMs - offsetMs)).toEqual([]);
      expect(detected).toBe(phrases.length);
      for (const list of heard) expect(list).toHaveLength(1);
    },
    PLAY_TIMEOUT_MS,
  );
});

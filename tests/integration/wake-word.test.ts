import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, ListenerEvent } from '../../src/engine/client/engine-client.js';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { WakeWordDetector } from '../../src/engine/wake/wake-word-detector.js';
import { silence, speak, Timeline, withNoise } from '../helpers/espeak.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { NON_WAKE_SENTENCES, OTHER_VOICES } from '../helpers/wake-speech.js';
import { writeWav } from '../helpers/wav-writer.js';

const jarvis = path.join(fixtures.wakewordDir, 'hey_jarvis_v0.1.onnx');
const wakeConfig = { models: [{ phrase: 'hey jarvis', path: jarvis }], threshold: 0.5, refractoryMs: 2000 };

const FOLLOW_UPS = [
  'please write a note about the meeting',
  'set a timer for ten minutes',
  'send a message to my sister',
  'what is the weather like tomorrow',
  'add apples to the shopping list',
];

interface WakeClip {
  label: string;
  phrase: { fromMs: number; toMs: number };
  followUp: { fromMs: number; toMs: number };
  /** A second wake phrase said while the first one's utterance is still open. */
  repeat?: { fromMs: number; toMs: number };
}

async function feed(engine: EngineClient, samples: Float32Array): Promise<void> {
  const block = 1600;
  for (let at = 0; at < samples.length; at += block) {
    engine.sendAudio(samples.slice(at, at + block));
    if ((at / block) % 50 === 0) await tick();
  }
  await engine.audioEnd();
}

describe('wake word (openWakeWord through the live listener)', () => {
  const temp = makeTempDir('wake-word-');
  const timeline = new Timeline();
  const clips: WakeClip[] = [];
  let nonWakeSpeech = { fromMs: 0, toMs: 0 };
  let doubleClip: Float32Array;
  let engine: EngineClient | undefined;
  const events: ListenerEvent[] = [];

  beforeAll(async () => {
    // About seven minutes of ordinary speech (six voices, each at one of two speeds, half of it in noise,
    // some words close to the phrase) that must never trigger. The soak (wake-word-pulse-long, in
    // `npm run soak`) plays over ten minutes of it in real time through a microphone.
    const nonWake = new Timeline();
    OTHER_VOICES.forEach((voice, v) => {
      for (const speed of [v % 2 === 0 ? 140 : 175]) {
        const noisy = v >= OTHER_VOICES.length / 2; // the last three voices, at both speeds
        for (const sentence of NON_WAKE_SENTENCES) {
          const said = speak(temp.dir, sentence, voice, speed);
          nonWake.add(noisy ? withNoise(said, 0.01, v + 1) : said);
          nonWake.add(silence(300));
        }
      }
    });
    nonWakeSpeech = timeline.add(nonWake.samples());

    const variants = [
      { voice: 'en-us', speed: 140, noise: 0 },
      { voice: 'en-us', speed: 170, noise: 0 },
      { voice: 'en-gb', speed: 140, noise: 0 },
      { voice: 'en-gb', speed: 170, noise: 0 },
      { voice: 'en-us', speed: 155, noise: 0.02 },
    ];
    variants.forEach(({ voice, speed, noise }, i) => {
      const phraseAudio = speak(temp.dir, 'hey jarvis', voice, speed, true);
      const followAudio = speak(temp.dir, FOLLOW_UPS[i] ?? 'thank you', voice, speed, true);
      const mix = (x: Float32Array) => (noise > 0 ? withNoise(x, noise, i + 1) : x);
      timeline.add(mix(silence(1500)));
      const phrase = timeline.add(mix(phraseAudio));
      timeline.add(mix(silence(400)));
      const followUp = timeline.add(mix(followAudio));
      timeline.add(mix(silence(2500)));
      clips.push({ label: `${voice} -s ${speed}${noise ? ' + noise' : ''}`, phrase, followUp });
    });

    // The phrase again right after the words, before silence ends the utterance: must not start another.
    const double = new Timeline();
    double.add(silence(1500));
    const phrase = double.add(speak(temp.dir, 'hey jarvis', 'en-us', 150, true));
    double.add(silence(400));
    const followUp = double.add(speak(temp.dir, 'call the office', 'en-us', 150, true));
    double.add(silence(300));
    const repeat = double.add(speak(temp.dir, 'hey jarvis', 'en-us', 150, true));
    double.add(silence(2500));
    doubleClip = double.samples();
    const offset = timeline.add(doubleClip).fromMs;
    const shift = (r: { fromMs: number; toMs: number }) => ({
      fromMs: r.fromMs + offset,
      toMs: r.toMs + offset,
    });
    clips.push({
      label: 'phrase said twice',
      phrase: shift(phrase),
      followUp: shift(followUp),
      repeat: shift(repeat),
    });

    engine = await startForkedEngine('wake-word-test');
    await engine.loadModel(fixtures.microModel);
    engine.onListenerEvent((event) => events.push(event));
    await engine.listenStart({
      vadModelPath: fixtures.sileroVad,
      options: { language: 'en' },
      wake: wakeConfig,
    });
    const started = performance.now();
    await feed(engine, timeline.samples());
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `fed ${(timeline.durationMs / 1000).toFixed(0)} s of audio through the engine in ${seconds.toFixed(1)} s`,
    );
  });

  afterAll(async () => {
    await engine?.shutdown();
    temp.cleanup();
  });

  it('hears the phrase in every voice and speed, once per utterance, and nothing in other speech', () => {
    const wakes = events.filter((e) => e.type === 'wake_word');
    const heard = clips.map((clip) =>
      wakes.filter((w) => w.atMs >= clip.phrase.fromMs && w.atMs <= clip.followUp.toMs + 3000),
    );
    const falseTriggers = wakes.filter((w) => !heard.some((list) => list.includes(w)));
    const detected = heard.filter((list) => list.length > 0).length;
    console.info(
      `wake word: detected ${detected}/${clips.length} phrases (${clips
        .map((c, i) => `${c.label}: ${heard[i]?.[0]?.confidence.toFixed(3) ?? 'missed'}`)
        .join(
          ', ',
        )}); false triggers ${falseTriggers.length} in ${((nonWakeSpeech.toMs - nonWakeSpeech.fromMs) / 60_000).toFixed(1)} min of other speech`,
    );
    expect(nonWakeSpeech.toMs - nonWakeSpeech.fromMs).toBeGreaterThan(6 * 60_000);
    expect(falseTriggers).toEqual([]);
    expect(detected).toBe(clips.length);
    // Never twice for one utterance, and not again while the utterance of the first is open.
    for (const list of heard) expect(list).toHaveLength(1);
  });

  it('starts an utterance after the phrase and transcribes the following words without it', () => {
    for (const clip of clips) {
      const wake = events.find(
        (e) => e.type === 'wake_word' && e.atMs >= clip.phrase.fromMs && e.atMs <= clip.followUp.toMs,
      );
      expect(wake, clip.label).toBeDefined();
      const sessionId = wake?.sessionId;
      const result = events.find((e) => e.type === 'utterance_result' && e.sessionId === sessionId);
      expect(result, `${clip.label}: a transcript follows the wake word`).toBeDefined();
      if (result?.type !== 'utterance_result') continue;
      expect(result.text.trim().length, clip.label).toBeGreaterThan(0);
      // The score can cross the threshold on the 80 ms step that holds the phrase's last sound: at most
      // that sliver (a fading "s") is before the utterance's start, never a word of the phrase.
      expect(result.fromMs, `${clip.label}: the phrase is not transcribed`).toBeGreaterThanOrEqual(
        clip.phrase.toMs - 80,
      );
      expect(result.fromMs, `${clip.label}: the words after it are`).toBeLessThan(clip.followUp.fromMs + 100);
      expect(result.toMs).toBeGreaterThan(clip.followUp.toMs - 200);
      const closed = events.find((e) => e.type === 'utterance_closed' && e.sessionId === sessionId);
      expect(closed?.type === 'utterance_closed' && closed.reason).toBe('auto_stop');
    }
    // Between the wake utterances nothing was transcribed: only the phrase opens one.
    const transcribed = new Set(events.filter((e) => e.type === 'utterance_result').map((e) => e.sessionId));
    expect([...transcribed].every((id) => id.startsWith('wake-'))).toBe(true);
  });

  it('would have heard the repeated phrase: the listener suppressed it because an utterance was open', () => {
    const detector = WakeWordDetector.load(wakeConfig);
    try {
      const found = detector.push(doubleClip, true);
      expect(found.map((d) => d.phrase)).toEqual(['hey jarvis', 'hey jarvis']);
    } finally {
      detector.dispose();
    }
  });

  it('sleeps in silence and still catches a phrase said right at voice onset', () => {
    const detector = WakeWordDetector.load(wakeConfig);
    try {
      expect(detector.push(silence(20_000), false)).toEqual([]);
      const phrase = speak(temp.dir, 'hey jarvis', 'en-gb', 160, true);
      // The VAD needs a moment to hear voice: the first 100 ms of the phrase arrive as "no voice".
      const lag = 1600;
      expect(detector.push(phrase.subarray(0, lag), false)).toEqual([]);
      const found = [...detector.push(phrase.subarray(lag), true), ...detector.push(silence(1000), false)];
      expect(found).toHaveLength(1);
      // 20 s of silence cost nothing; the phrase cost its steps plus one replay of the short history.
      expect(detector.stats.computedSteps).toBeLessThan(60);
      expect(detector.stats.steps).toBeGreaterThan(260);
    } finally {
      detector.dispose();
    }
  });

  it('refuses a missing phrase model with a clear error', async () => {
    const missing = path.join(temp.dir, 'no-such-phrase.onnx');
    await expect(
      engine?.listenStart({
        vadModelPath: fixtures.sileroVad,
        options: { language: 'en' },
        wake: { models: [{ phrase: 'hello', path: missing }], frontEndDir: fixtures.wakewordDir },
      }),
    ).rejects.toThrow(`Wake word model not found: ${missing}`);
  });

  it('dictation listen --wake-model prints wake_word events as JSON lines', () => {
    const input = new Timeline();
    input.add(silence(1000));
    input.add(speak(temp.dir, 'hey jarvis', 'en-us', 150, true));
    input.add(silence(400));
    input.add(speak(temp.dir, 'open the calendar', 'en-us', 150, true));
    input.add(silence(2000));
    const file = path.join(temp.dir, 'wake.wav');
    writeWav(file, input.samples(), { sampleRate: 16_000, channels: 1, bits: 32, float: true });
    const stdout = execFileSync(
      process.execPath,
      [
        ...[cliEntry, 'listen', '--file', file, '--fast', '--json', '-m', fixtures.microModel],
        ...['--vad-model', fixtures.sileroVad, '--wake-model', jarvis, '--wake-threshold', '0.5'],
      ],
      { encoding: 'utf8' },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const wake = lines.find((l) => l['type'] === 'wake_word');
    expect(wake).toMatchObject({ phrase: 'hey jarvis', sessionId: 'wake-1' });
    expect(wake?.['confidence']).toBeGreaterThanOrEqual(0.5);
    const transcript = lines.find((l) => l['type'] === 'transcript' && l['isFinal'] === true);
    expect(transcript?.['sessionId']).toBe('wake-1');
    expect(String(transcript?.['text']).trim().length).toBeGreaterThan(0);
  });
});

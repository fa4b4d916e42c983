// Held dictations of about 5, 15, 30 and 60 s of speech with natural pauses, fed in real time through
// the app's pipeline (controller -> engine -> VAD -> commit as you go -> whisper), against the bare
// engine transcribing the whole utterance once. The model has real base.en shapes and random weights;
// its decoder is stopped at about 3 tokens per second of audio (the rate of English speech), so what
// it costs is what a real base.en costs. Part of `npm run bench:dictation`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import { addonDirectory } from '../src/engine/whisper/native-addon.js';
import type { ListenerEvent } from '../src/engine/client/engine-client.js';
import { DictationController } from '../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../src/services/engine-host/engine-host.js';
import { silentLogger } from '../src/services/logging/logger.js';
import type { ListenConfigInput } from '../src/shared/engine-protocol.js';
import type { TranscribeOptionsInput } from '../src/shared/transcript.js';
import type { DictationEvent } from '../src/shared/dictation.js';
import { silence, speak } from '../tests/helpers/espeak.js';
import { fixtures, makeTempDir, randomModel } from '../tests/helpers/fixtures.js';
import { cpuSeconds } from '../tests/helpers/jobs.js';
import { PushSource } from '../tests/helpers/push-source.js';
import { recordedDelivery } from '../tests/helpers/recorded-delivery.js';
import { median, printTable } from './stats.js';

const SR = 16_000;
const TOKENS_PER_SECOND = 3;
const LENGTHS_S = [5, 15, 30, 60];
const SENTENCES = [
  'I think we should move the meeting to Thursday.',
  'The report is almost done',
  'but the numbers for March are still missing.',
  'Can you ask the team to send them by tonight?',
  'After that we can review the budget together.',
  'Let me know if anything changes.',
  'We also need a decision on the new office',
  'because the lease ends in June.',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sentences with pauses of 0.5 to 0.9 s between them, about `seconds` long, ending right after the last
 * word (the key goes up as the user stops): every length ends the same way, so their waits compare.
 */
function dictationOf(dir: string, seconds: number): Float32Array<ArrayBuffer> {
  const parts: Float32Array[] = [];
  let length = 0;
  for (let i = 0; length < seconds * SR; i++) {
    if (i > 0) {
      const pause = silence(500 + ((i * 137) % 400));
      parts.push(pause);
      length += pause.length;
    }
    const clip = speak(dir, SENTENCES[i % SENTENCES.length]!, 'en-us', 165, true);
    parts.push(clip);
    length += clip.length;
  }
  const out = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

interface HeldRun {
  releaseMs: number;
  bareMs: number;
  commits: number;
  heldCpuS: number;
  onceCpuS: number;
}

/**
 * Whether the speech engine's addon passes whisper.cpp's max_tokens (it reads the option by its name,
 * "maxTokens", which is then in the binary): random weights otherwise decode up to the context limit,
 * at several temperatures, which costs far more than speech would.
 */
function tokenLimitHonoured(): boolean {
  return readFileSync(path.join(addonDirectory(), 'dictation_whisper.node')).includes('maxTokens');
}

export async function benchHeldDictations(
  model: string,
  fallbackEotModel: string,
  runs: number,
  dynamicAudioContext = process.env['BENCH_HELD_DYNAMIC'] === '1',
): Promise<void> {
  const { dir, cleanup } = makeTempDir('bench-held-');
  const host = new EngineHost({
    startChannel: () => forkEngineChannel(),
    clientName: 'bench-held',
    logger: silentLogger(),
  });
  await host.start();
  let info = await host.loadModel(model);
  if (!tokenLimitHonoured()) {
    console.log(
      '\nNOTE: this build of the speech engine ignores the decoder token limit (whisper.cpp max_tokens); ' +
        'the held dictations run with the decoder-free random model (-eot): the decode cost (~3 tokens/s) is left out on both sides.',
    );
    model = fallbackEotModel;
    info = await host.loadModel(model);
  }
  // BENCH_HELD_DYNAMIC=1: every run sizes the encoder to its audio, as an ACFT model of these shapes does.
  const options: TranscribeOptionsInput = {
    language: 'en',
    maxTokensPerSecond: TOKENS_PER_SECOND,
    ...(dynamicAudioContext ? { dynamicAudioContext: true } : {}),
  };
  const config: ListenConfigInput = {
    vadModelPath: fixtures.sileroVad,
    silenceMs: 1200,
    preRollMs: 500,
    commitAsYouGo: true,
    commitPauseMs: 400,
    options,
  };
  await host.listen(config);
  const source = new PushSource();
  const delivered: string[] = [];
  const controller = new DictationController({
    engine: host,
    createSource: () => source,
    deliver: recordedDelivery(delivered),
    logger: silentLogger(),
    preRollArmed: true,
    preRollMs: 500,
  });
  await controller.arm();
  const engineEvents: ListenerEvent[] = [];
  host.onListenerEvent((e) => engineEvents.push(e));
  const pid = () => host.pid ?? 0;

  const heldOnce = async (speech: Float32Array): Promise<HeldRun> => {
    source.push(silence(1000));
    const sessionId = await controller.start('hotkey');
    const cpuBefore = cpuSeconds(pid());
    const fed: Float32Array[] = [];
    const started = performance.now();
    for (let at = 0; at < speech.length; at += 512) {
      const block = speech.subarray(at, at + 512);
      fed.push(block);
      source.push(block);
      const wait = started + ((at + 512) / SR) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const outcome = new Promise<DictationEvent>((resolve) => {
      const off = controller.subscribe((e) => {
        if ((e.type === 'delivered' || e.type === 'no_speech') && e.sessionId === sessionId) {
          off();
          resolve(e);
        }
      });
    });
    const released = performance.now();
    await controller.stop();
    const event = await outcome;
    const releaseMs =
      event.type === 'delivered' ? event.timings.releaseToTextMs : performance.now() - released;
    const heldCpuS = cpuSeconds(pid()) - cpuBefore;
    const result = engineEvents.find((e) => e.type === 'utterance_result' && e.sessionId === sessionId);
    if (result?.type !== 'utterance_result') throw new Error('the held dictation was not transcribed');
    const closed = engineEvents.find((e) => e.type === 'utterance_closed' && e.sessionId === sessionId);
    if (closed?.type !== 'utterance_closed') throw new Error('no utterance_closed');
    // The same trimmed audio, transcribed once by the bare engine.
    const whole = new Float32Array(fed.reduce((n, b) => n + b.length, 0) + 0.5 * SR);
    let at = Math.round(0.5 * SR);
    for (const block of fed) {
      whole.set(block, at);
      at += block.length;
    }
    const from = Math.max(0, Math.round(((result.fromMs - closed.fromMs) * SR) / 1000));
    const to = Math.round(((result.toMs - closed.fromMs) * SR) / 1000);
    const trimmed = whole.slice(from, to);
    const onceBefore = cpuSeconds(pid());
    const bareStarted = performance.now();
    await host.requireClient().transcribe({ kind: 'pcm', samples: trimmed }, options).result;
    const bareMs = performance.now() - bareStarted;
    return { releaseMs, bareMs, commits: result.commits, heldCpuS, onceCpuS: cpuSeconds(pid()) - onceBefore };
  };

  const byLength = new Map<number, HeldRun[]>();
  await heldOnce(dictationOf(dir, 5)); // warm-up
  for (const seconds of LENGTHS_S) {
    const speech = dictationOf(dir, seconds);
    const results: HeldRun[] = [];
    for (let r = 0; r < runs; r++) results.push(await heldOnce(speech));
    byLength.set(seconds, results);
  }

  // Dynamic audio context: the encoder on a window sized to 5 s of audio vs the full 30 s window
  // (base.en shapes: what an ACFT base.en costs; stock models keep the full window).
  const five = dictationOf(dir, 5);
  const full: number[] = [];
  const dynamic: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    let started = performance.now();
    await host
      .requireClient()
      .transcribe({ kind: 'pcm', samples: five }, { ...options, dynamicAudioContext: false }).result;
    const fullMs = performance.now() - started;
    started = performance.now();
    await host
      .requireClient()
      .transcribe({ kind: 'pcm', samples: five }, { ...options, dynamicAudioContext: true }).result;
    const dynamicMs = performance.now() - started;
    if (r === 0) continue;
    full.push(fullMs);
    dynamic.push(dynamicMs);
  }
  await controller.dispose();
  await host.stop();
  cleanup();

  const m = (seconds: number, pick: (run: HeldRun) => number) =>
    median((byLength.get(seconds) ?? []).map(pick));
  console.log(
    `\nheld dictations — model ${info.type} (${model}), decoder stopped at ${TOKENS_PER_SECOND} tokens/s of audio, ` +
      `${runs} runs each, fed in real time, commit pause 400 ms, ` +
      (dynamicAudioContext ? 'dynamic audio context (ACFT)' : 'full 30 s encoder window'),
  );
  printTable(
    [
      'speech',
      'release -> text ms',
      'bare whole-utterance ms',
      'commits',
      'engine CPU s: commits+tail',
      'once at the end',
    ],
    LENGTHS_S.map((seconds) => [
      `${seconds} s`,
      m(seconds, (r) => r.releaseMs).toFixed(0),
      m(seconds, (r) => r.bareMs).toFixed(0),
      m(seconds, (r) => r.commits).toFixed(0),
      m(seconds, (r) => r.heldCpuS).toFixed(2),
      m(seconds, (r) => r.onceCpuS).toFixed(2),
    ]),
  );
  console.log(`release ratio 60s/5s: ${(m(60, (r) => r.releaseMs) / m(5, (r) => r.releaseMs)).toFixed(2)}`);
  console.log(
    `release vs whole-utterance inference at 60s: ${(m(60, (r) => r.releaseMs) / m(60, (r) => r.bareMs)).toFixed(2)}`,
  );
  console.log(
    `CPU time of commits vs transcribing once at the end (60 s): ${m(60, (r) => r.heldCpuS).toFixed(2)} s vs ${m(60, (r) => r.onceCpuS).toFixed(2)} s`,
  );
  console.log(`dynamic audio context vs full window at 5s: ${(median(dynamic) / median(full)).toFixed(2)}`);
}

// `node dist/bench/held-dictation.js`: only the held dictations.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchHeldDictations(
    process.env['BENCH_HELD_MODEL'] ?? randomModel('base.en'),
    randomModel('base.en', true),
    Number(process.env['BENCH_HELD_RUNS'] ?? 3),
  );
}

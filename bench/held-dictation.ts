// Held dictations of about 5, 15, 30 and 60 s of speech with natural pauses, fed in real time through
// the app's pipeline (controller -> engine -> VAD -> commit as you go -> whisper), against the bare
// engine transcribing the whole utterance once. The model has real base.en shapes and random weights;
// its decoder is stopped at about 3 tokens per second of audio (the rate of English speech), so what
// it costs is what a real base.en costs. Parakeet TDT 0.6B (random weights that decode at a real
// model's token rate; no fixed window) gets its own row. Part of `npm run bench:dictation`.
import { pathToFileURL } from 'node:url';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import { EngineHost } from '../src/services/engine-host/engine-host.js';
import { silentLogger } from '../src/services/logging/logger.js';
import type { TranscribeOptionsInput } from '../src/shared/transcript.js';
import { makeTempDir, randomModel, randomParakeetModel } from '../tests/helpers/fixtures.js';
import { dictationOf } from './held-dictation-speech.js';
import { HeldDictationRunner, type HeldRun } from './held-dictation-runner.js';
import { median, printTable } from './stats.js';

const TOKENS_PER_SECOND = 3;
const LENGTHS_S = (process.env['BENCH_HELD_LENGTHS'] ?? '5,15,30,60').split(',').map(Number);
const PARAKEET_LENGTHS_S = [5, 60];

type ByLength = Map<number, HeldRun[]>;

async function heldRuns(
  host: EngineHost,
  options: TranscribeOptionsInput,
  dir: string,
  lengths: number[],
  runs: number,
): Promise<ByLength> {
  const runner = new HeldDictationRunner(host, options);
  await runner.start();
  const byLength: ByLength = new Map();
  await runner.heldOnce(dictationOf(dir, 5)); // warm-up
  for (const seconds of lengths) {
    const speech = dictationOf(dir, seconds);
    const results: HeldRun[] = [];
    for (let r = 0; r < runs; r++) results.push(await runner.heldOnce(speech));
    byLength.set(seconds, results);
  }
  await runner.dispose();
  return byLength;
}

const medianOf = (byLength: ByLength, seconds: number, pick: (run: HeldRun) => number) =>
  median((byLength.get(seconds) ?? []).map(pick));

function printRuns(byLength: ByLength, lengths: number[]): void {
  const m = (seconds: number, pick: (run: HeldRun) => number) => medianOf(byLength, seconds, pick);
  printTable(
    [
      'speech',
      'release -> text ms',
      'bare whole-utterance ms',
      'commits',
      'engine CPU s: commits+tail',
      'once at the end',
    ],
    lengths.map((seconds) => [
      `${seconds} s`,
      m(seconds, (r) => r.releaseMs).toFixed(0),
      m(seconds, (r) => r.bareMs).toFixed(0),
      m(seconds, (r) => r.commits).toFixed(0),
      m(seconds, (r) => r.heldCpuS).toFixed(2),
      m(seconds, (r) => r.onceCpuS).toFixed(2),
    ]),
  );
}

/** Whisper's encoder on a window sized to 5 s of audio against the full 30 s window (an ACFT model's gain). */
async function dynamicVsFullAt5s(
  host: EngineHost,
  options: TranscribeOptionsInput,
  dir: string,
  runs: number,
) {
  const five = dictationOf(dir, 5);
  const full: number[] = [];
  const dynamic: number[] = [];
  const timed = async (dynamicAudioContext: boolean) => {
    const started = performance.now();
    await host.requireClient().transcribe({ kind: 'pcm', samples: five }, { ...options, dynamicAudioContext })
      .result;
    return performance.now() - started;
  };
  for (let r = 0; r < runs + 1; r++) {
    const fullMs = await timed(false);
    const dynamicMs = await timed(true);
    if (r === 0) continue; // warm-up
    full.push(fullMs);
    dynamic.push(dynamicMs);
  }
  return median(dynamic) / median(full);
}

export async function benchHeldDictations(
  model: string,
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
  const info = await host.loadModel(model);
  const options: TranscribeOptionsInput = {
    language: 'en',
    maxTokensPerSecond: TOKENS_PER_SECOND,
    // Random weights fail whisper's logprob check on every window, so its temperature fallback would
    // decode each window again at five temperatures with five decoders: speech rarely does. Off on both
    // sides (BENCH_HELD_FALLBACK=1 keeps it).
    temperatureFallback: process.env['BENCH_HELD_FALLBACK'] === '1',
    // BENCH_HELD_DYNAMIC=1: every run sizes the encoder to its audio, as an ACFT model of these shapes does.
    ...(dynamicAudioContext ? { dynamicAudioContext: true } : {}),
  };
  const whisper = await heldRuns(host, options, dir, LENGTHS_S, runs);
  const dynamicRatio = await dynamicVsFullAt5s(host, options, dir, runs);
  let parakeet: ByLength | null = null;
  if (process.env['BENCH_HELD_PARAKEET'] !== '0') {
    await host.loadModel(randomParakeetModel());
    parakeet = await heldRuns(host, { language: 'en' }, dir, PARAKEET_LENGTHS_S, runs);
  }
  await host.stop();
  cleanup();

  const m = (seconds: number, pick: (run: HeldRun) => number) => medianOf(whisper, seconds, pick);
  console.log(
    `\nheld dictations — model ${info.type} (${model}), decoder stopped at ${TOKENS_PER_SECOND} tokens/s of audio, ` +
      `${runs} runs each, fed in real time, commit pause 400 ms, ` +
      (dynamicAudioContext ? 'dynamic audio context (ACFT)' : 'full 30 s encoder window') +
      (options.temperatureFallback ? ', temperature fallback on' : ', no temperature fallback'),
  );
  printRuns(whisper, LENGTHS_S);
  console.log(`release ratio 60s/5s: ${(m(60, (r) => r.releaseMs) / m(5, (r) => r.releaseMs)).toFixed(2)}`);
  console.log(
    `release vs whole-utterance inference at 60s: ${(m(60, (r) => r.releaseMs) / m(60, (r) => r.bareMs)).toFixed(2)}`,
  );
  console.log(
    `CPU time of commits vs transcribing once at the end (60 s): ${m(60, (r) => r.heldCpuS).toFixed(2)} s vs ${m(60, (r) => r.onceCpuS).toFixed(2)} s`,
  );
  console.log(`dynamic audio context vs full window at 5s: ${dynamicRatio.toFixed(2)}`);
  if (parakeet) {
    const p = (seconds: number, pick: (run: HeldRun) => number) => medianOf(parakeet, seconds, pick);
    console.log(
      `\nheld dictations — Parakeet TDT 0.6B v3 (random weights, a real model's token rate), ${runs} runs each`,
    );
    printRuns(parakeet, PARAKEET_LENGTHS_S);
    console.log(
      `parakeet release ratio 60s/5s: ${(p(60, (r) => r.releaseMs) / p(5, (r) => r.releaseMs)).toFixed(2)}`,
    );
    console.log(
      `parakeet release vs whole-utterance inference at 60s: ${(p(60, (r) => r.releaseMs) / p(60, (r) => r.bareMs)).toFixed(2)}`,
    );
  }
}

// `node dist/bench/held-dictation.js`: only the held dictations.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchHeldDictations(
    process.env['BENCH_HELD_MODEL'] ?? randomModel('base.en'),
    Number(process.env['BENCH_HELD_RUNS'] ?? 3),
  );
}

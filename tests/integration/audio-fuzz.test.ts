import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/audio/ffmpeg.js';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { AppError } from '../../src/shared/errors.js';
import { baseWavs, DEFAULT_FUZZ_SEED, fuzzCase, hex, judgeOutcome } from '../helpers/audio-fuzz.js';
import type { FuzzWorkerInput, FuzzWorkerMessage } from '../helpers/audio-fuzz-worker.js';
import { makeTempDir, projectRoot } from '../helpers/fixtures.js';

// Mutated WAV and MP3 headers through the real audio reader. Every case must end in decoded audio or
// an AppError that names the file, never another exception, a crash or a hang. The in-process WAV path
// takes all 10,000 cases (in a worker thread, built to dist/ by build:node, so a synchronous hang can be
// stopped and named); a deterministic sample of the cases the reader hands to ffmpeg runs through ffmpeg.
// Reproduce a failure with FUZZ_SEED=<seed> (printed) and the case index.
const SEED = Number(process.env['FUZZ_SEED'] ?? DEFAULT_FUZZ_SEED);
const CASES = 10_000;
const FFMPEG_SAMPLE = 200;
const IN_PROCESS_TIMEOUT_MS = 5_000;
const FFMPEG_TIMEOUT_MS = 20_000;
const workerEntry = path.join(projectRoot, 'dist', 'tests', 'helpers', 'audio-fuzz-worker.js');
const temp = makeTempDir('dictation-fuzz-');
let mp3s: Uint8Array[] = [];

function describeCase(index: number, problem: string, mutations: string[], bytesHex: string): string {
  return `fuzz seed ${SEED} (0x${SEED.toString(16)}) case ${index}: ${problem}\n  mutations: ${mutations.join('; ')}\n  first bytes: ${bytesHex}`;
}

beforeAll(() => {
  const ffmpeg = locateFfmpeg();
  if (!ffmpeg) throw new Error('ffmpeg is needed to make the MP3 seeds');
  const encode = (name: string, tagArgs: string[]) => {
    const file = path.join(temp.dir, name);
    execFileSync(ffmpeg, [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000:duration=0.3'],
      ...['-c:a', 'libmp3lame', '-b:a', '32k', '-fflags', '+bitexact', ...tagArgs, file],
    ]);
    return new Uint8Array(readFileSync(file));
  };
  mp3s = [
    encode('plain.mp3', ['-id3v2_version', '0', '-write_xing', '0']),
    encode('tagged.mp3', ['-id3v2_version', '3', '-metadata', 'title=fuzz']),
  ];
});
afterAll(() => temp.cleanup());

interface Tally {
  results: Map<number, { route: 'in-process' | 'ffmpeg'; outcome: string }>;
  problems: string[];
}

function runWorker(input: FuzzWorkerInput): Promise<Tally> {
  const tally: Tally = { results: new Map(), problems: [] };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry, { workerData: input });
    let current = -1;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        const fuzz = fuzzCase(SEED, current, baseWavs(), mp3s);
        reject(
          new Error(
            describeCase(
              current,
              `no answer within ${IN_PROCESS_TIMEOUT_MS} ms (hang)`,
              fuzz.mutations,
              hex(fuzz.bytes),
            ),
          ),
        );
      }, IN_PROCESS_TIMEOUT_MS);
    };
    arm();
    worker.on('message', (message: FuzzWorkerMessage) => {
      arm();
      if (message.type === 'start') current = message.index;
      else if (message.type === 'result') tally.results.set(message.index, message);
      else if (message.type === 'problem') {
        tally.problems.push(describeCase(message.index, message.problem, message.mutations, message.hex));
      } else {
        clearTimeout(watchdog);
        void worker.terminate().then(() => resolve(tally));
      }
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      const fuzz = fuzzCase(SEED, current, baseWavs(), mp3s);
      reject(
        new Error(
          describeCase(
            current,
            `the worker crashed: ${error.stack ?? String(error)}`,
            fuzz.mutations,
            hex(fuzz.bytes),
          ),
        ),
      );
    });
  });
}

async function throughFfmpeg(index: number): Promise<{ problem: string | null; outcome: string }> {
  const fuzz = fuzzCase(SEED, index, baseWavs(), mp3s);
  const file = path.join(temp.dir, `ffmpeg-${index}.${fuzz.ext}`);
  writeFileSync(file, fuzz.bytes);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), FFMPEG_TIMEOUT_MS);
  });
  const outcome = await Promise.race([
    readAudioFile(file).then(
      (samples) => ({ samples }),
      (error: unknown) => ({ error }),
    ),
    timeout,
  ]);
  clearTimeout(timer);
  const problem =
    outcome === 'timeout' ? `no result within ${FFMPEG_TIMEOUT_MS} ms (hang)` : judgeOutcome(file, outcome);
  return {
    problem: problem ? describeCase(index, `[ffmpeg] ${problem}`, fuzz.mutations, hex(fuzz.bytes)) : null,
    outcome:
      outcome === 'timeout'
        ? 'timeout'
        : 'samples' in outcome
          ? 'decoded'
          : outcome.error instanceof AppError
            ? outcome.error.kind
            : 'thrown',
  };
}

describe('audio reader fuzzing', () => {
  let tally: Tally;

  it(`reads ${CASES} mutated WAV and MP3 headers in process: audio or a clear error, every time`, async () => {
    tally = await runWorker({ seed: SEED, from: 0, to: CASES, dir: temp.dir, mp3s });
    expect(tally.problems.slice(0, 10)).toEqual([]);
    expect(tally.results.size).toBe(CASES);
    const outcomes = new Map<string, number>();
    for (const { outcome } of tally.results.values()) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    // The mutations reach every branch that matters: clean decodes, damaged files, odd layouts.
    expect(outcomes.get('decoded')).toBeGreaterThan(CASES / 20);
    expect(outcomes.get('audio_corrupt')).toBeGreaterThan(CASES / 20);
    expect(outcomes.get('audio_unsupported')).toBeGreaterThan(0);
    expect(outcomes.get('routed to ffmpeg')).toBeGreaterThan(FFMPEG_SAMPLE);
  }, 240_000);

  it(`sends a sample of ${FFMPEG_SAMPLE} cases the reader leaves to ffmpeg through ffmpeg`, async () => {
    const routed = [...tally.results.entries()].filter(([, r]) => r.route === 'ffmpeg').map(([i]) => i);
    const mp3 = routed.filter((i) => i % 5 === 4);
    const wav = routed.filter((i) => i % 5 !== 4);
    const spread = (items: number[], n: number) =>
      Array.from(
        { length: Math.min(n, items.length) },
        (_, k) => items[Math.floor((k * items.length) / n)] as number,
      );
    const sample = [...spread(mp3, FFMPEG_SAMPLE / 2), ...spread(wav, FFMPEG_SAMPLE / 2)];
    expect(sample.length).toBe(FFMPEG_SAMPLE);
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    // Two at a time: ffmpeg start-up dominates, and the machine has two cores.
    for (let i = 0; i < sample.length; i += 2) {
      const found = await Promise.all(sample.slice(i, i + 2).map((index) => throughFfmpeg(index)));
      for (const { problem, outcome } of found) {
        if (problem) problems.push(problem);
        kinds.set(outcome, (kinds.get(outcome) ?? 0) + 1);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(kinds.get('decoded')).toBeGreaterThan(0);
    expect(kinds.get('audio_corrupt')).toBeGreaterThan(0);
    // Sanity: the seeds themselves decode through the same path.
    for (const [n, bytes] of mp3s.entries()) {
      const file = path.join(temp.dir, `seed-${n}.mp3`);
      writeFileSync(file, bytes);
      const samples = await readAudioFile(file);
      expect(samples.length).toBeGreaterThan(16000 * 0.25);
    }
  }, 240_000);
});

// Runs fuzz cases through the in-process audio reader in a worker thread, so the test can stop it
// (and name the case) if a case hangs, even in a synchronous loop. Cases that the reader would hand to
// ffmpeg are only sniffed and parsed here; the test runs a sample of them through ffmpeg itself.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { MAX_RESAMPLER_INPUT_RATE } from '../../src/audio/resampler.js';
import { sniffFormat } from '../../src/audio/sniff.js';
import { parseWavHeader, WavCodecNotHandled } from '../../src/audio/wav-header.js';
import { AppError } from '../../src/shared/errors.js';
import { baseWavs, fuzzCase, hex, judgeOutcome } from './audio-fuzz.js';

export interface FuzzWorkerInput {
  seed: number;
  from: number;
  to: number;
  dir: string;
  mp3s: Uint8Array[];
}

export type FuzzWorkerMessage =
  | { type: 'start'; index: number }
  | { type: 'result'; index: number; route: 'in-process' | 'ffmpeg'; outcome: string }
  | { type: 'problem'; index: number; problem: string; mutations: string[]; hex: string }
  | { type: 'done' };

const input = workerData as FuzzWorkerInput;
const port = parentPort;
if (!port) throw new Error('run as a worker thread');
const wavs = baseWavs();

/** What openAudio would do with these bytes: read them itself, or hand them to ffmpeg. */
function route(bytes: Uint8Array, file: string): { route: 'in-process' | 'ffmpeg'; problem: string | null } {
  const head = bytes.subarray(0, 64 * 1024);
  if (sniffFormat(head) !== 'wav') return { route: 'ffmpeg', problem: null };
  try {
    const layout = parseWavHeader(head, bytes.length, file);
    if (layout.sampleRate > MAX_RESAMPLER_INPUT_RATE) return { route: 'ffmpeg', problem: null };
    return { route: 'in-process', problem: null };
  } catch (error) {
    if (error instanceof WavCodecNotHandled) return { route: 'ffmpeg', problem: null };
    if (error instanceof AppError) return { route: 'in-process', problem: null };
    return { route: 'in-process', problem: `parseWavHeader threw ${String(error)}` };
  }
}

for (let index = input.from; index < input.to; index++) {
  const fuzz = fuzzCase(input.seed, index, wavs, input.mp3s);
  port.postMessage({ type: 'start', index } satisfies FuzzWorkerMessage);
  const file = path.join(input.dir, `case.${fuzz.ext}`);
  writeFileSync(file, fuzz.bytes);
  const routed = route(fuzz.bytes, file);
  let problem = routed.problem;
  let outcome = 'routed to ffmpeg';
  if (!problem && routed.route === 'in-process') {
    try {
      const samples = await readAudioFile(file);
      problem = judgeOutcome(file, { samples });
      outcome = 'decoded';
    } catch (error) {
      problem = judgeOutcome(file, { error });
      outcome = error instanceof AppError ? error.kind : 'thrown';
    }
  }
  if (problem) {
    port.postMessage({
      type: 'problem',
      index,
      problem,
      mutations: fuzz.mutations,
      hex: hex(fuzz.bytes),
    } satisfies FuzzWorkerMessage);
  } else {
    port.postMessage({ type: 'result', index, route: routed.route, outcome } satisfies FuzzWorkerMessage);
  }
}
port.postMessage({ type: 'done' } satisfies FuzzWorkerMessage);

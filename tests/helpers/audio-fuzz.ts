import { AppError, ErrorKind } from '../../src/shared/errors.js';
import { encodeWav, sine, type WavSpec } from './wav-writer.js';

/** Deterministic fuzz cases: case `index` of seed `seed` is always the same bytes, wherever it is made. */

export const DEFAULT_FUZZ_SEED = 0x5eed_2024;

/** mulberry32: small, fast, good enough to spread mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WAV_SPECS: (WavSpec & { seconds: number })[] = [
  { sampleRate: 16000, channels: 1, bits: 16, seconds: 0.1 },
  { sampleRate: 44100, channels: 2, bits: 24, seconds: 0.05, extraChunk: true },
  { sampleRate: 48000, channels: 2, bits: 32, float: true, seconds: 0.05 },
  { sampleRate: 8000, channels: 1, bits: 8, seconds: 0.2, extensible: true },
  { sampleRate: 22050, channels: 6, bits: 16, seconds: 0.03, extensible: true },
  { sampleRate: 96000, channels: 1, bits: 64, float: true, seconds: 0.02 },
];

/** Valid WAV files in the layouts real recorders write: the seeds the mutations start from. */
export function baseWavs(): Uint8Array[] {
  return WAV_SPECS.map((spec) => {
    const mono = sine(440, spec.seconds, spec.sampleRate, 0.5);
    const interleaved = new Float32Array(mono.length * spec.channels);
    for (let i = 0; i < interleaved.length; i++) interleaved[i] = mono[Math.floor(i / spec.channels)] ?? 0;
    return new Uint8Array(encodeWav(interleaved, spec));
  });
}

export interface FuzzCase {
  index: number;
  bytes: Uint8Array;
  /** File extension: the reader also looks at it for unknown content. */
  ext: 'wav' | 'mp3';
  mutations: string[];
}

const INTERESTING_32 = [
  0, 1, 2, 3, 4, 8, 16, 44, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
];
const INTERESTING_16 = [0, 1, 2, 3, 8, 16, 24, 32, 33, 64, 0x7fff, 0x8000, 0xfffe, 0xffff];
const CHUNK_IDS = [
  'RIFF',
  'RF64',
  'RIFX',
  'WAVE',
  'fmt ',
  'data',
  'ds64',
  'LIST',
  'fact',
  'ID3\x04',
  '\xff\xfb\x90\x00',
];

/** Case `index`: one of the base files with 1 to 4 mutations, most of them inside the first 128 bytes. */
export function fuzzCase(
  seed: number,
  index: number,
  wavs: readonly Uint8Array[],
  mp3s: readonly Uint8Array[],
): FuzzCase {
  const random = rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const isMp3 = index % 5 === 4 && mp3s.length > 0;
  let bytes = Uint8Array.from(pick(isMp3 ? mp3s : wavs));
  const mutations: string[] = [];
  const headerOffset = () => (random() < 0.9 ? int(Math.min(128, bytes.length)) : int(bytes.length));
  const count = 1 + int(4);
  for (let m = 0; m < count && bytes.length > 0; m++) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = headerOffset();
    switch (int(8)) {
      case 0: {
        const bit = int(8);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
        mutations.push(`flip bit ${bit} at ${at}`);
        break;
      }
      case 1: {
        const value = int(256);
        bytes[at] = value;
        mutations.push(`byte ${at} = ${value}`);
        break;
      }
      case 2: {
        const value = pick(INTERESTING_32) + (random() < 0.3 ? int(3) - 1 : 0);
        if (at + 4 <= bytes.length) view.setUint32(at, value >>> 0, true);
        mutations.push(`u32 ${at} = ${value >>> 0}`);
        break;
      }
      case 3: {
        const value = pick(INTERESTING_16);
        if (at + 2 <= bytes.length) view.setUint16(at, value, true);
        mutations.push(`u16 ${at} = ${value}`);
        break;
      }
      case 4: {
        const length = int(bytes.length + 1);
        bytes = bytes.slice(0, length);
        mutations.push(`truncate to ${length}`);
        break;
      }
      case 5: {
        const id = pick(CHUNK_IDS);
        for (let i = 0; i < id.length && at + i < bytes.length; i++) bytes[at + i] = id.charCodeAt(i) & 0xff;
        mutations.push(`write "${id}" at ${at}`);
        break;
      }
      case 6: {
        // Repeat a slice of the header: duplicated or overlapping chunks.
        const length = 1 + int(32);
        const slice = bytes.slice(at, at + length);
        const out = new Uint8Array(bytes.length + slice.length);
        out.set(bytes.subarray(0, at));
        out.set(slice, at);
        out.set(bytes.subarray(at), at + slice.length);
        bytes = out;
        mutations.push(`repeat ${slice.length} bytes at ${at}`);
        break;
      }
      default: {
        const length = 1 + int(16);
        bytes.fill(random() < 0.5 ? 0 : 0xff, at, at + length);
        mutations.push(`fill ${length} bytes at ${at}`);
        break;
      }
    }
  }
  return { index, bytes, ext: isMp3 ? 'mp3' : 'wav', mutations };
}

export function hex(bytes: Uint8Array, max = 96): string {
  return Buffer.from(bytes.subarray(0, max)).toString('hex');
}

/** What a reader may do with a damaged file: decode it, or say clearly why not. Returns a problem or null. */
export function judgeOutcome(
  file: string,
  outcome: { samples?: Float32Array; error?: unknown },
): string | null {
  if (outcome.samples) {
    const samples = outcome.samples;
    if (samples.length === 0) return 'decoded to no samples without an error';
    // NaN or values past full scale must never reach the model.
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i] as number;
      if (!(v >= -1 && v <= 1)) return `sample ${i} is ${v}`;
    }
    return null;
  }
  const error = outcome.error;
  if (!(error instanceof AppError)) {
    return `not an AppError: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error)}`;
  }
  if (!ErrorKind.safeParse(error.kind).success) return `unknown error kind ${error.kind}`;
  if (!error.message.includes(file)) return `message does not name the file: ${error.message}`;
  if (error.kind === 'internal') return `internal error: ${error.message}`;
  return null;
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SAMPLE_RATE = 16_000;
let counter = 0;

/**
 * Speech made on the spot with espeak-ng, as 16 kHz mono float samples (sox resamples). `trim` cuts
 * espeak's leading and trailing silence so the clip ends where the voice ends.
 */
export function speak(dir: string, text: string, voice = 'en-us', speed = 160, trim = false): Float32Array {
  counter += 1;
  const wav = path.join(dir, `speech-${counter}.wav`);
  const raw = path.join(dir, `speech-${counter}.f32`);
  execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-w', wav, text]);
  const effects = trim
    ? ['silence', '1', '0.01', '0.1%', 'reverse', 'silence', '1', '0.01', '0.1%', 'reverse']
    : [];
  execFileSync('sox', [
    wav,
    '-r',
    String(SAMPLE_RATE),
    '-c',
    '1',
    '-t',
    'raw',
    '-e',
    'floating-point',
    '-b',
    '32',
    raw,
    ...effects,
  ]);
  const bytes = readFileSync(raw);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export const silence = (ms: number) => new Float32Array(Math.round((ms * SAMPLE_RATE) / 1000));
export const durationMs = (samples: Float32Array) => (samples.length * 1000) / SAMPLE_RATE;

/** Adds seeded white noise (reproducible) at the given amplitude. */
export function withNoise(samples: Float32Array, amplitude: number, seed = 1): Float32Array {
  let state = seed;
  return samples.map((v) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return v + amplitude * (state / 1_073_741_824 - 1);
  });
}

/** Joins clips and remembers where each named one starts and ends (ms). */
export class Timeline {
  private readonly parts: Float32Array[] = [];
  private length = 0;

  add(samples: Float32Array): { fromMs: number; toMs: number } {
    const fromMs = (this.length * 1000) / SAMPLE_RATE;
    this.parts.push(samples);
    this.length += samples.length;
    return { fromMs, toMs: (this.length * 1000) / SAMPLE_RATE };
  }

  get durationMs(): number {
    return (this.length * 1000) / SAMPLE_RATE;
  }

  samples(): Float32Array {
    const out = new Float32Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

import { writeFileSync } from 'node:fs';

export interface WavSpec {
  sampleRate: number;
  channels: number;
  bits: 8 | 16 | 24 | 32 | 64;
  float?: boolean;
  extensible?: boolean;
  /** Extra chunk before "fmt " and "data", as real files often have (LIST, bext). */
  extraChunk?: boolean;
}

/** Encodes interleaved samples in [-1, 1] as a WAV file, for tests of the reader. */
export function encodeWav(interleaved: Float32Array | number[], spec: WavSpec): Buffer {
  const bytesPerSample = spec.bits / 8;
  const data = Buffer.alloc(interleaved.length * bytesPerSample);
  for (let i = 0; i < interleaved.length; i++) {
    const v = Math.max(-1, Math.min(1, interleaved[i] ?? 0));
    const at = i * bytesPerSample;
    if (spec.float) {
      if (spec.bits === 64) data.writeDoubleLE(v, at);
      else data.writeFloatLE(v, at);
    } else if (spec.bits === 8) data.writeUInt8(Math.round(v * 127) + 128, at);
    else if (spec.bits === 16) data.writeInt16LE(Math.round(v * 32767), at);
    else if (spec.bits === 24) data.writeIntLE(Math.round(v * 8388607), at, 3);
    else data.writeInt32LE(Math.round(v * 2147483647), at);
  }
  const tag = spec.float ? 3 : 1;
  const fmt = Buffer.alloc(spec.extensible ? 40 : 16);
  fmt.writeUInt16LE(spec.extensible ? 0xfffe : tag, 0);
  fmt.writeUInt16LE(spec.channels, 2);
  fmt.writeUInt32LE(spec.sampleRate, 4);
  fmt.writeUInt32LE(spec.sampleRate * spec.channels * bytesPerSample, 8);
  fmt.writeUInt16LE(spec.channels * bytesPerSample, 12);
  fmt.writeUInt16LE(spec.bits, 14);
  if (spec.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(spec.bits, 18);
    fmt.writeUInt32LE(0, 20);
    fmt.writeUInt16LE(tag, 24); // first two bytes of the sub-format GUID
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  }
  const chunk = (id: string, body: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'ascii');
    header.writeUInt32LE(body.length, 4);
    return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const parts = [Buffer.from('WAVE', 'ascii')];
  if (spec.extraChunk) parts.push(chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00test\x00', 'binary')));
  parts.push(chunk('fmt ', fmt), chunk('data', data));
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

export function writeWav(file: string, interleaved: Float32Array | number[], spec: WavSpec): void {
  writeFileSync(file, encodeWav(interleaved, spec));
}

export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

/** Dominant frequency estimated from upward zero crossings. */
export function zeroCrossingFrequency(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i - 1] ?? 0) < 0 && (samples[i] ?? 0) >= 0) crossings++;
  }
  return crossings / (samples.length / sampleRate);
}

import { describe, expect, it } from 'vitest';
import { parseWavHeader, WavCodecNotHandled } from '../../src/audio/wav-header.js';
import { AppError } from '../../src/shared/errors.js';
import { encodeWav } from '../helpers/wav-writer.js';

const parse = (bytes: Buffer, size = bytes.length) => parseWavHeader(new Uint8Array(bytes), size, 'x.wav');
const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.kind : error instanceof WavCodecNotHandled ? 'codec' : 'other';
  }
  return 'none';
};

describe('parseWavHeader', () => {
  it.each([
    { bits: 8 as const, channels: 1, sampleRate: 8000 },
    { bits: 16 as const, channels: 2, sampleRate: 44100 },
    { bits: 24 as const, channels: 6, sampleRate: 48000 },
    { bits: 32 as const, channels: 1, sampleRate: 16000 },
    { bits: 32 as const, channels: 2, sampleRate: 22050, float: true },
    { bits: 64 as const, channels: 1, sampleRate: 96000, float: true },
    { bits: 16 as const, channels: 2, sampleRate: 32000, extensible: true, extraChunk: true },
  ])('reads $bits-bit $channels-channel $sampleRate Hz (float=$float, extensible=$extensible)', (spec) => {
    const frames = 100;
    const bytes = encodeWav(new Float32Array(frames * spec.channels), spec);
    const layout = parse(bytes);
    expect(layout.channels).toBe(spec.channels);
    expect(layout.sampleRate).toBe(spec.sampleRate);
    expect(layout.bitsPerSample).toBe(spec.bits);
    expect(layout.sampleFormat).toBe(spec.float ? 'float' : 'int');
    expect(layout.dataBytes).toBe(frames * spec.channels * (spec.bits / 8));
    expect(layout.dataOffset + layout.dataBytes).toBe(bytes.length);
  });

  it('reports a truncated data chunk by what the header declared', () => {
    const bytes = encodeWav(new Float32Array(1000), { bits: 16, channels: 1, sampleRate: 16000 });
    const cut = bytes.subarray(0, bytes.length - 500);
    const layout = parse(cut);
    expect(layout.declaredDataBytes).toBe(2000);
    expect(layout.dataBytes).toBe(1500);
  });

  it('treats a 0 or 0xFFFFFFFF data size (streaming writer) as running to the end of the file', () => {
    const bytes = encodeWav(new Float32Array(1000), { bits: 16, channels: 1, sampleRate: 16000 });
    const dataSizeAt = bytes.indexOf('data') + 4;
    for (const placeholder of [0, 0xffffffff]) {
      const copy = Buffer.from(bytes);
      copy.writeUInt32LE(placeholder, dataSizeAt);
      expect(parse(copy).dataBytes).toBe(2000);
    }
  });

  it('leaves compressed WAV codecs to ffmpeg', () => {
    const bytes = encodeWav(new Float32Array(10), { bits: 16, channels: 1, sampleRate: 8000 });
    bytes.writeUInt16LE(0x11, 20); // IMA ADPCM
    expect(kindOf(() => parse(bytes))).toBe('codec');
  });

  it('rejects damaged headers with audio_corrupt', () => {
    const good = encodeWav(new Float32Array(10), { bits: 16, channels: 1, sampleRate: 16000 });
    const noWave = Buffer.from(good);
    noWave.write('WAVX', 8, 'ascii');
    expect(kindOf(() => parse(noWave))).toBe('audio_corrupt');
    const zeroChannels = Buffer.from(good);
    zeroChannels.writeUInt16LE(0, 22);
    expect(kindOf(() => parse(zeroChannels))).toBe('audio_corrupt');
    const badRate = Buffer.from(good);
    badRate.writeUInt32LE(5, 24);
    expect(kindOf(() => parse(badRate))).toBe('audio_corrupt');
    expect(kindOf(() => parse(good.subarray(0, 30)))).toBe('audio_corrupt');
  });

  it('rejects sample sizes it cannot read with audio_unsupported', () => {
    const bytes = encodeWav(new Float32Array(10), { bits: 16, channels: 1, sampleRate: 16000 });
    bytes.writeUInt16LE(12, 34);
    expect(kindOf(() => parse(bytes))).toBe('audio_unsupported');
  });

  it('rejects big-endian RIFX as unsupported', () => {
    const bytes = encodeWav(new Float32Array(10), { bits: 16, channels: 1, sampleRate: 16000 });
    bytes.write('RIFX', 0, 'ascii');
    expect(kindOf(() => parse(bytes))).toBe('audio_unsupported');
  });
});

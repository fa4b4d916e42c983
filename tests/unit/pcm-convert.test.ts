import { describe, expect, it } from 'vitest';
import { framesToMono } from '../../src/audio/pcm-convert.js';
import { parseWavHeader } from '../../src/audio/wav-header.js';
import { encodeWav } from '../helpers/wav-writer.js';

function roundTrip(interleaved: number[], spec: Parameters<typeof encodeWav>[1]): Float32Array {
  const bytes = new Uint8Array(encodeWav(interleaved, spec));
  const layout = parseWavHeader(bytes, bytes.length, 't.wav');
  return framesToMono(bytes.subarray(layout.dataOffset, layout.dataOffset + layout.dataBytes), layout);
}

describe('framesToMono', () => {
  it.each([8, 16, 24, 32] as const)('decodes %i-bit integers to [-1, 1]', (bits) => {
    const out = roundTrip([0, 0.5, -0.5, 0.99], { bits, channels: 1, sampleRate: 16000 });
    const tolerance = bits === 8 ? 0.02 : 0.0002;
    [0, 0.5, -0.5, 0.99].forEach((v, i) => expect(Math.abs((out[i] ?? 9) - v)).toBeLessThan(tolerance));
  });

  it('averages channels', () => {
    const out = roundTrip([0.5, -0.5, 0.25, 0.75], { bits: 32, channels: 2, sampleRate: 16000, float: true });
    expect(Array.from(out)).toEqual([0, 0.5]);
  });

  it('keeps NaN and out-of-range floats away from the model', () => {
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    view.setFloat32(0, Number.NaN, true);
    view.setFloat32(4, 7, true);
    view.setFloat32(8, -Infinity, true);
    const out = framesToMono(bytes, { sampleFormat: 'float', bitsPerSample: 32, channels: 1 });
    expect(Array.from(out)).toEqual([0, 1, -1]);
  });
});

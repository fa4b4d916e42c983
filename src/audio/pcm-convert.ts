import type { WavSampleFormat } from './wav-header.js';

export interface PcmLayout {
  sampleFormat: WavSampleFormat;
  bitsPerSample: number;
  channels: number;
}

/**
 * Converts whole interleaved frames of little-endian WAV samples to mono float in [-1, 1]
 * (channels averaged). `bytes.length` must be a multiple of the frame size.
 */
export function framesToMono(bytes: Uint8Array, layout: PcmLayout): Float32Array {
  const { channels, bitsPerSample, sampleFormat } = layout;
  const bytesPerSample = bitsPerSample / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(bytes.length / frameBytes);
  const out = new Float32Array(frames);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(view, sampleFormat, bitsPerSample);
  const scale = 1 / channels;
  for (let f = 0, pos = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, pos += bytesPerSample) sum += read(pos);
    const v = sum * scale;
    // Float files can hold NaN or values past full scale; neither may reach the model.
    out[f] = v > 1 ? 1 : v < -1 ? -1 : v === v ? v : 0;
  }
  return out;
}

function sampleReader(view: DataView, format: WavSampleFormat, bits: number): (pos: number) => number {
  if (format === 'float') {
    return bits === 64 ? (p) => view.getFloat64(p, true) : (p) => view.getFloat32(p, true);
  }
  switch (bits) {
    case 8:
      return (p) => (view.getUint8(p) - 128) / 128;
    case 16:
      return (p) => view.getInt16(p, true) / 32768;
    case 24:
      return (p) => {
        const v = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
        return v / 8388608;
      };
    default:
      return (p) => view.getInt32(p, true) / 2147483648;
  }
}

/**
 * Clamps to [-1, 1] and turns NaN into 0, in place: float input decoded by ffmpeg, and the ringing a
 * band-limited resampler adds to full-scale input, can both go past full scale; neither may reach the model.
 */
export function clampToFullScale(samples: Float32Array): Float32Array {
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (!(v >= -1 && v <= 1)) samples[i] = v > 1 ? 1 : v < -1 ? -1 : 0;
  }
  return samples;
}

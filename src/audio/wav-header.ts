import { SAMPLE_RATE } from '../shared/audio.js';
import { AppError } from '../shared/errors.js';

export type WavSampleFormat = 'int' | 'float';

export interface WavLayout {
  sampleFormat: WavSampleFormat;
  /** Original format tag, kept for messages (1 = PCM, 3 = float, 0xfffe = extensible). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per frame (all channels of one sample instant). */
  blockAlign: number;
  dataOffset: number;
  /** Bytes of sample data actually present in the file. */
  dataBytes: number;
  /** Bytes the header promised, when it promised more than the file holds. */
  declaredDataBytes: number;
}

/** A WAV that is valid but uses a codec (ADPCM, A-law, ...) this reader leaves to ffmpeg. */
export class WavCodecNotHandled extends Error {
  constructor(readonly formatTag: number) {
    super(`WAV codec 0x${formatTag.toString(16)} is not plain PCM or float`);
  }
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const MAX_CHANNELS = 32;
const MIN_RATE = 1000;
const MAX_RATE = 768000;

function corrupt(file: string, what: string): AppError {
  return new AppError('audio_corrupt', `${file}: not a readable WAV file (${what})`, {
    hint: 'The file may be damaged or only partly copied. Re-export it, or convert it with ffmpeg.',
  });
}

/**
 * Reads the RIFF/RF64 chunk list from the first bytes of a file.
 * `head` must hold at least the header and the start of the data chunk (64 KiB is plenty for real files);
 * `fileSize` is the size on disk so truncation can be told apart from a streaming writer's placeholder.
 */
export function parseWavHeader(head: Uint8Array, fileSize: number, file: string): WavLayout {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const ascii = (offset: number) =>
    offset + 4 <= head.byteLength ? String.fromCharCode(...head.subarray(offset, offset + 4)) : '';

  const riff = ascii(0);
  if (riff === 'RIFX') {
    throw new AppError('audio_unsupported', `${file}: big-endian WAV (RIFX) is not supported`, {
      hint: 'Convert it to a standard WAV or FLAC first.',
    });
  }
  if ((riff !== 'RIFF' && riff !== 'RF64') || ascii(8) !== 'WAVE') throw corrupt(file, 'no RIFF/WAVE header');

  let rf64DataSize: number | undefined;
  let fmt: { tag: number; channels: number; rate: number; blockAlign: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= head.byteLength) {
    const id = ascii(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'ds64') {
      if (body + 16 > head.byteLength) throw corrupt(file, 'ds64 chunk cut short');
      rf64DataSize = Number(view.getBigUint64(body + 8, true));
    } else if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.byteLength) throw corrupt(file, 'format chunk too short');
      let tag = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const rate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (tag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 26 > head.byteLength)
          throw corrupt(file, 'extensible format chunk too short');
        tag = view.getUint16(body + 24, true);
      }
      fmt = { tag, channels, rate, blockAlign, bits };
    } else if (id === 'data') {
      if (!fmt) throw corrupt(file, 'sample data before the format chunk');
      return layoutFrom(fmt, body, size, rf64DataSize, fileSize, file);
    }
    const next = body + size + (size % 2);
    if (next <= offset) throw corrupt(file, 'chunk sizes loop');
    offset = next;
  }
  if (!fmt) throw corrupt(file, 'no format chunk');
  throw corrupt(file, 'no data chunk');
}

function layoutFrom(
  fmt: { tag: number; channels: number; rate: number; blockAlign: number; bits: number },
  dataOffset: number,
  chunkSize: number,
  rf64DataSize: number | undefined,
  fileSize: number,
  file: string,
): WavLayout {
  const { tag, channels, rate, bits } = fmt;
  if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) throw new WavCodecNotHandled(tag);
  if (channels < 1 || channels > MAX_CHANNELS) throw corrupt(file, `${channels} channels`);
  if (rate < MIN_RATE || rate > MAX_RATE) throw corrupt(file, `sample rate ${rate} Hz`);
  const sampleFormat: WavSampleFormat = tag === WAVE_FORMAT_IEEE_FLOAT ? 'float' : 'int';
  const validBits = sampleFormat === 'float' ? [32, 64] : [8, 16, 24, 32];
  if (!validBits.includes(bits)) {
    throw new AppError(
      'audio_unsupported',
      `${file}: ${bits}-bit ${sampleFormat} WAV samples are not supported`,
      {
        hint: 'Supported: 8/16/24/32-bit integer and 32/64-bit float PCM.',
      },
    );
  }
  const blockAlign = (bits / 8) * channels;
  const available = Math.max(0, fileSize - dataOffset);
  let declared = rf64DataSize !== undefined && chunkSize === 0xffffffff ? rf64DataSize : chunkSize;
  // Streaming writers leave 0 or 0xFFFFFFFF until they finish: the data then runs to the end of the file.
  if (declared === 0 || declared === 0xffffffff) declared = available;
  const present = Math.min(declared, available);
  return {
    sampleFormat,
    formatTag: tag,
    channels,
    sampleRate: rate,
    bitsPerSample: bits,
    blockAlign,
    dataOffset,
    dataBytes: present - (present % blockAlign),
    declaredDataBytes: declared,
  };
}

/** The 44-byte header of a mono 16-bit PCM WAV holding `dataBytes` bytes of samples. */
export function pcm16WavHeader(dataBytes: number, sampleRate = SAMPLE_RATE): Buffer {
  const h = Buffer.alloc(PCM16_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export const PCM16_HEADER_BYTES = 44;

/** Float samples in [-1, 1] as 16-bit PCM (clamped), little-endian. */
function pcm16Samples(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), i * 2);
  }
  return out;
}

/** A whole mono 16-bit PCM WAV file of these samples. */
export function encodePcm16Wav(samples: Float32Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = pcm16Samples(samples);
  return Buffer.concat([pcm16WavHeader(data.length, sampleRate), data]);
}

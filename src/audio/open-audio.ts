import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { decodeWithFfmpeg } from './ffmpeg.js';
import { clampToFullScale, framesToMono } from './pcm-convert.js';
import { createResampler, MAX_RESAMPLER_INPUT_RATE } from './resampler.js';
import { SUPPORTED_AUDIO_EXTENSIONS } from '../shared/audio-files.js';
import { sniffFormat, type SniffedFormat } from './sniff.js';
import { parseWavHeader, WavCodecNotHandled, type WavLayout } from './wav-header.js';
import { SAMPLE_RATE } from '../shared/audio.js';

const DEFAULT_MAX_DURATION_MS = 12 * 3600 * 1000;

/** An audio file being decoded to 16 kHz mono float, a block at a time, so memory stays flat. */
export interface AudioStream {
  file: string;
  format: SniffedFormat;
  /** Known up front for WAV; for compressed files once ffmpeg has read the header (may be null). */
  durationMs(): Promise<number | null>;
  chunks: AsyncIterable<Float32Array>;
  close(): void;
}

export interface OpenAudioOptions {
  maxDurationMs?: number;
}

const HEAD_BYTES = 64 * 1024;
const WAV_READ_BYTES = 1 << 20;

export async function openAudio(file: string, options: OpenAudioOptions = {}): Promise<AudioStream> {
  const maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new AppError('audio_not_found', `${file}: file not found`);
    if (error.code === 'EBUSY') throw fileBusy(file);
    throw new AppError('io', `${file}: cannot read the file (${error.code ?? error.message})`);
  });
  if (info.isDirectory()) throw new AppError('audio_unsupported', `${file}: is a folder, not an audio file`);
  if (info.size === 0) throw new AppError('audio_empty', `${file}: the file is empty (0 bytes)`);

  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EBUSY') throw fileBusy(file);
    throw new AppError('io', `${file}: cannot open the file (${error.code ?? error.message})`, {
      hint: error.code === 'EACCES' ? 'Check the file permissions.' : undefined,
    });
  });
  let handedOver = false;
  try {
    const head = new Uint8Array(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    const format = sniffFormat(head);
    if (format === 'wav') {
      try {
        const layout = parseWavHeader(head, info.size, file);
        checkWavLayout(layout, file, maxDurationMs);
        // Rates past what the resampler takes (384/768 kHz studio files) are left to ffmpeg.
        if (layout.sampleRate <= MAX_RESAMPLER_INPUT_RATE) {
          handedOver = true;
          return wavStream(file, handle, layout);
        }
      } catch (error) {
        if (!(error instanceof WavCodecNotHandled)) throw error;
      }
    } else if (format === 'unknown' && !hasSupportedExtension(file)) {
      throw new AppError('audio_unsupported', `${file}: not an audio or video file this app can read`, {
        hint: `Supported: ${SUPPORTED_AUDIO_EXTENSIONS.join(', ')}.`,
      });
    }
    return ffmpegStream(file, format, maxDurationMs);
  } finally {
    if (!handedOver) await handle.close();
  }
}

/** Another program holds the file (Windows locks files being written); worth trying again later. */
function fileBusy(file: string): AppError {
  return new AppError('busy', `${file}: the file is in use by another program`, {
    hint: 'Wait until the program writing it has finished (a recording or a copy), then try again.',
  });
}

function hasSupportedExtension(file: string): boolean {
  const ext = path.extname(file).slice(1).toLowerCase();
  return SUPPORTED_AUDIO_EXTENSIONS.includes(ext);
}

function wavDurationMs(layout: WavLayout, bytes: number): number {
  return (bytes / layout.blockAlign / layout.sampleRate) * 1000;
}

function checkWavLayout(layout: WavLayout, file: string, maxDurationMs: number): void {
  if (layout.dataBytes < layout.declaredDataBytes) {
    const have = (wavDurationMs(layout, layout.dataBytes) / 1000).toFixed(1);
    const want = (wavDurationMs(layout, layout.declaredDataBytes) / 1000).toFixed(1);
    throw new AppError(
      'audio_corrupt',
      `${file}: the WAV file is truncated (holds ${have} s of the ${want} s its header declares)`,
      {
        hint: 'The copy or recording was cut short. Re-copy the file, or repair it with: ffmpeg -i in.wav fixed.wav',
      },
    );
  }
  if (layout.dataBytes === 0)
    throw new AppError('audio_empty', `${file}: the WAV file holds no audio samples`);
  const duration = wavDurationMs(layout, layout.dataBytes);
  if (duration > maxDurationMs) throw tooLong(file, duration, maxDurationMs);
}

export function tooLong(file: string, durationMs: number, maxDurationMs: number): AppError {
  const hours = (ms: number) => (ms / 3600000).toFixed(1);
  return new AppError(
    'audio_too_long',
    `${file}: ${hours(durationMs)} h of audio is over the ${hours(maxDurationMs)} h limit`,
    {
      hint: 'Split the file into shorter parts (for example with ffmpeg -f segment).',
    },
  );
}

function wavStream(file: string, handle: FileHandle, layout: WavLayout): AudioStream {
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      void handle.close();
    }
  };
  async function* chunks(): AsyncGenerator<Float32Array> {
    const resampler = await createResampler(layout.sampleRate);
    try {
      const blockBytes = WAV_READ_BYTES - (WAV_READ_BYTES % layout.blockAlign);
      const buffer = new Uint8Array(blockBytes);
      let position = 0;
      while (position < layout.dataBytes && !closed) {
        const want = Math.min(blockBytes, layout.dataBytes - position);
        const { bytesRead } = await handle.read(buffer, 0, want, layout.dataOffset + position);
        if (bytesRead === 0) {
          throw new AppError('audio_corrupt', `${file}: the file ended early while reading samples`);
        }
        const whole = bytesRead - (bytesRead % layout.blockAlign);
        position += whole;
        const mono = framesToMono(buffer.subarray(0, whole), layout);
        const out = resampler.push(mono);
        if (out.length > 0) yield out === mono ? mono : clampToFullScale(out);
        if (whole === 0) break;
      }
    } finally {
      resampler.close();
      close();
    }
  }
  return {
    file,
    format: 'wav',
    durationMs: () => Promise.resolve(wavDurationMs(layout, layout.dataBytes)),
    chunks: chunks(),
    close,
  };
}

function ffmpegStream(file: string, format: SniffedFormat, maxDurationMs: number): AudioStream {
  const decoder = decodeWithFfmpeg(file);
  async function* chunks(): AsyncGenerator<Float32Array> {
    let samples = 0;
    const maxSamples = (maxDurationMs / 1000) * SAMPLE_RATE;
    for await (const chunk of decoder.chunks) {
      if (samples === 0) {
        // ffmpeg prints the container's duration before the first samples arrive.
        const declared = await Promise.race([decoder.durationMs, Promise.resolve(null)]);
        if (declared !== null && declared > maxDurationMs) {
          decoder.kill();
          throw tooLong(file, declared, maxDurationMs);
        }
      }
      samples += chunk.length;
      if (samples > maxSamples) {
        decoder.kill();
        throw tooLong(file, (samples / SAMPLE_RATE) * 1000, maxDurationMs);
      }
      yield chunk;
    }
  }
  return {
    file,
    format,
    durationMs: () => decoder.durationMs,
    chunks: chunks(),
    close: () => decoder.kill(),
  };
}

/** Decodes a whole file into memory; for short inputs (dictation clips, tests). */
export async function readAudioFile(file: string, options: OpenAudioOptions = {}): Promise<Float32Array> {
  const stream = await openAudio(file, options);
  const parts: Float32Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream.chunks) {
      parts.push(chunk);
      total += chunk.length;
    }
  } finally {
    stream.close();
  }
  if (total === 0) throw new AppError('audio_empty', `${file}: decoding produced no audio samples`);
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

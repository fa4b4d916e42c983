import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { PCM16_HEADER_BYTES, pcm16WavHeader } from '../../audio/wav-header.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

const HEADER_BYTES = PCM16_HEADER_BYTES;
const header = (dataBytes: number): Buffer => pcm16WavHeader(dataBytes);

/**
 * A 16 kHz mono 16-bit WAV that grows: samples are appended, then the header's sizes are rewritten
 * and the file is synced, so a killed app leaves a file whose header covers all synced audio. If it
 * dies between the append and the header write, `repairWav` recomputes the sizes from the file length.
 */
export class GrowingWav {
  private readonly fd: number;
  private dataBytes: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    const size = fstatSync(this.fd).size;
    if (size < HEADER_BYTES) {
      writeSync(this.fd, header(0), 0, HEADER_BYTES, 0);
      this.dataBytes = 0;
    } else {
      this.dataBytes = size - HEADER_BYTES - ((size - HEADER_BYTES) % 2);
    }
    fsyncSync(this.fd);
  }

  get durationMs(): number {
    return (this.dataBytes / 2 / SAMPLE_RATE) * 1000;
  }

  /** Appends float samples in [-1, 1]; returns where they start, in ms from the start of the file. */
  append(samples: Float32Array): number {
    const startMs = this.durationMs;
    const pcm = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) {
      const v = Math.max(-1, Math.min(1, samples[i] ?? 0));
      pcm.writeInt16LE(Math.round(v * 32767), i * 2);
    }
    writeSync(this.fd, pcm, 0, pcm.length, HEADER_BYTES + this.dataBytes);
    this.dataBytes += pcm.length;
    fsyncSync(this.fd);
    writeSync(this.fd, header(this.dataBytes), 0, HEADER_BYTES, 0);
    fsyncSync(this.fd);
    return startMs;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** How much audio a session WAV of this many bytes holds (the header's sizes may lag after a crash). */
export function wavAudioMs(fileBytes: number): number {
  const dataBytes = Math.max(0, fileBytes - HEADER_BYTES);
  return ((dataBytes - (dataBytes % 2)) / 2 / SAMPLE_RATE) * 1000;
}

/** Fixes the sizes in a WAV header after a crash; returns true when something had to change. */
export function repairWav(file: string): boolean {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER_BYTES) return false;
    const h = Buffer.alloc(HEADER_BYTES);
    readSync(fd, h, 0, HEADER_BYTES, 0);
    const dataBytes = size - HEADER_BYTES - ((size - HEADER_BYTES) % 2);
    if (h.readUInt32LE(40) === dataBytes && h.readUInt32LE(4) === 36 + dataBytes) return false;
    writeSync(fd, header(dataBytes), 0, HEADER_BYTES, 0);
    fsyncSync(fd);
    return true;
  } finally {
    closeSync(fd);
  }
}

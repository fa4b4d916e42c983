import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { PCM16_HEADER_BYTES, pcm16WavHeader } from '../../audio/wav-header.js';
import { SAMPLE_RATE } from '../../shared/audio.js';
import { AppError } from '../../shared/errors.js';
import { syncFolderSync } from '../storage/atomic-file.js';
import { PRIVATE_FILE_MODE } from '../storage/private-files.js';

const HEADER_BYTES = PCM16_HEADER_BYTES;

/**
 * The most audio one WAV file can describe: its RIFF size (36 + data bytes) is a 32-bit field, so a
 * file stops short of 4 GiB (about 37 hours of 16 kHz mono 16-bit audio).
 */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36 - 1;

const header = (dataBytes: number): Buffer => pcm16WavHeader(dataBytes);

/** Writes all of `bytes` at `position`: a write may take less than asked (a disk filling up). */
function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const wrote = writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (wrote <= 0) throw Object.assign(new Error('the disk took no more bytes'), { code: 'ENOSPC' });
    done += wrote;
  }
}

export interface GrowingWavOptions {
  /** Largest data chunk this file may grow to (WAV_MAX_DATA_BYTES; smaller in tests). */
  maxDataBytes?: number;
}

/**
 * A 16 kHz mono 16-bit WAV that grows: samples are appended, then the header's sizes are rewritten
 * and the file is synced, so a killed app leaves a file whose header covers all synced audio. If it
 * dies between the append and the header write, `repairWav` recomputes the sizes from the file length.
 * A write that fails (a full disk) is undone: the file is cut back to the audio its header covers,
 * the writer closes, and the error says what happened.
 */
export class GrowingWav {
  private fd: number | null;
  private dataBytes: number;
  readonly maxDataBytes: number;

  constructor(
    readonly file: string,
    options: GrowingWavOptions = {},
  ) {
    this.maxDataBytes = Math.min(options.maxDataBytes ?? WAV_MAX_DATA_BYTES, WAV_MAX_DATA_BYTES);
    // Never through a link, and owner-only: a session's audio is the user's voice.
    const flags = constants.O_RDWR | constants.O_NOFOLLOW;
    let created = true;
    try {
      this.fd = openSync(file, flags | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      this.fd = openSync(file, flags);
      created = false;
    }
    const fd = this.fd;
    try {
      fchmodSync(fd, PRIVATE_FILE_MODE);
      const size = fstatSync(fd).size;
      if (size < HEADER_BYTES) {
        writeFully(fd, header(0), 0);
        this.dataBytes = 0;
      } else {
        this.dataBytes = size - HEADER_BYTES - ((size - HEADER_BYTES) % 2);
      }
      fsyncSync(fd);
      if (created) syncFolderSync(path.dirname(file));
    } catch (error) {
      closeSync(fd);
      this.fd = null;
      throw recordingFailed(file, error, 0);
    }
  }

  get durationMs(): number {
    return (this.dataBytes / 2 / SAMPLE_RATE) * 1000;
  }

  /** The bytes of audio on disk that the header covers. */
  get audioBytes(): number {
    return this.dataBytes;
  }

  /** Whether `samples` more samples fit under maxDataBytes. */
  fits(samples: number): boolean {
    return this.dataBytes + samples * 2 <= this.maxDataBytes;
  }

  get closed(): boolean {
    return this.fd === null;
  }

  /** Appends float samples in [-1, 1]; returns where they start, in ms from the start of the file. */
  append(samples: Float32Array): number {
    const fd = this.fd;
    if (fd === null) {
      throw new AppError('io', `${this.file} is closed: the session recording has stopped.`, {
        hint: 'Recording starts a new session with the next dictation.',
      });
    }
    if (!this.fits(samples.length)) {
      throw new AppError(
        'io',
        `${this.file} cannot grow past ${formatSize(this.maxDataBytes)} of audio, the most a WAV file holds.`,
        { hint: 'Recording continues in a new session.' },
      );
    }
    const startMs = this.durationMs;
    const pcm = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) {
      const v = Math.max(-1, Math.min(1, samples[i] ?? 0));
      pcm.writeInt16LE(Math.round(v * 32767), i * 2);
    }
    try {
      writeFully(fd, pcm, HEADER_BYTES + this.dataBytes);
      fsyncSync(fd);
      writeFully(fd, header(this.dataBytes + pcm.length), 0);
      fsyncSync(fd);
    } catch (error) {
      const undoFailed = this.rollBack(fd);
      throw recordingFailed(this.file, error, this.durationMs, undoFailed);
    }
    this.dataBytes += pcm.length;
    return startMs;
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  /**
   * After a failed append: cut the file back to the audio the old header covers and write that header
   * again (neither needs a free block), then close. Returns why that failed, if it did: the next
   * start's repairWav then sets the header from the file's length.
   */
  private rollBack(fd: number): Error | null {
    try {
      ftruncateSync(fd, HEADER_BYTES + this.dataBytes);
      writeFully(fd, header(this.dataBytes), 0);
      fsyncSync(fd);
      return null;
    } catch (error) {
      return error as Error;
    } finally {
      this.close();
    }
  }
}

function formatSize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 1024)} KiB`;
}

function recordingFailed(
  file: string,
  error: unknown,
  keptMs: number,
  undoFailed: Error | null = null,
): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const kept = `${path.dirname(file)} keeps the ${(keptMs / 1000).toFixed(1)} s recorded before it`;
  const detail = undoFailed
    ? `The file could not be cut back to its header (${undoFailed.message}); it is repaired at the next start.`
    : undefined;
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  return new AppError(
    full ? 'disk_full' : 'io',
    full
      ? `The disk is full, so the session recording stopped; ${kept}.`
      : `Writing the session audio failed (${code ?? (error as Error).message}), so the recording stopped; ${kept}.`,
    {
      hint: full
        ? 'Free some disk space; recording starts a new session with the next dictation.'
        : 'Check the disk and the folder permissions; recording starts a new session with the next dictation.',
      cause: error,
      ...(detail ? { detail } : {}),
    },
  );
}

/** How much audio a session WAV of this many bytes holds (the header's sizes may lag after a crash). */
export function wavAudioMs(fileBytes: number): number {
  const dataBytes = Math.max(0, fileBytes - HEADER_BYTES);
  return ((dataBytes - (dataBytes % 2)) / 2 / SAMPLE_RATE) * 1000;
}

/** Fixes the sizes in a WAV header after a crash; returns true when something had to change. */
export function repairWav(file: string): boolean {
  const fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER_BYTES) return false;
    const h = Buffer.alloc(HEADER_BYTES);
    readSync(fd, h, 0, HEADER_BYTES, 0);
    const dataBytes = Math.min(size - HEADER_BYTES - ((size - HEADER_BYTES) % 2), WAV_MAX_DATA_BYTES);
    if (h.readUInt32LE(40) === dataBytes && h.readUInt32LE(4) === 36 + dataBytes) return false;
    writeFully(fd, header(dataBytes), 0);
    fsyncSync(fd);
    return true;
  } finally {
    closeSync(fd);
  }
}

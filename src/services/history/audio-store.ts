import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { encodePcm16Wav } from '../../audio/wav-header.js';
import { SAMPLE_RATE } from '../../shared/audio.js';
import { AppError } from '../../shared/errors.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files.js';

/** One kept recording on disk. */
export interface KeptRecording {
  id: string;
  bytes: number;
  modifiedAt: number;
}

/** History ids name the files: only ids that are plain file names qualify (session UUIDs do). */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

/**
 * Each dictation's audio as `<history id>.wav` (16 kHz mono 16-bit) in one owner-only folder of the
 * data folder. Files are written atomically and never through a link.
 */
export class AudioStore {
  constructor(readonly dir: string) {}

  /** The file of an entry, or null for an id that cannot name one. */
  fileOf(id: string): string | null {
    return SAFE_ID.test(id) ? path.join(this.dir, `${id}.wav`) : null;
  }

  /** Saves the samples; returns their length in ms, or null for an id that cannot name a file. */
  async save(id: string, samples: Float32Array): Promise<number | null> {
    const file = this.fileOf(id);
    if (!file) return null;
    ensurePrivateDir(this.dir);
    await writeFileAtomic(file, encodePcm16Wav(samples), { mode: PRIVATE_FILE_MODE });
    return Math.round((samples.length * 1000) / SAMPLE_RATE);
  }

  /** The WAV file's bytes (to play it). */
  async read(id: string): Promise<Buffer> {
    const file = this.fileOf(id);
    const info = file ? await lstat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      throw new AppError('audio_not_found', 'The audio of this dictation is no longer kept.', {
        hint: 'Audio is kept for the days set in Settings > History; newer dictations keep theirs.',
      });
    }
    return readFile(file);
  }

  async remove(id: string): Promise<void> {
    const file = this.fileOf(id);
    if (file) await rm(file, { force: true });
  }

  /** Every kept recording, oldest first. */
  async list(): Promise<KeptRecording[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: KeptRecording[] = [];
    for (const name of names) {
      const id = name.endsWith('.wav') ? name.slice(0, -4) : null;
      if (!id || !SAFE_ID.test(id)) continue;
      const info = await lstat(path.join(this.dir, name)).catch(() => null);
      if (info?.isFile()) out.push({ id, bytes: info.size, modifiedAt: info.mtimeMs });
    }
    return out.sort((a, b) => a.modifiedAt - b.modifiedAt || a.id.localeCompare(b.id));
  }

  /** Deletes every kept recording; returns how many there were. */
  async removeAll(): Promise<number> {
    const kept = await this.list();
    await Promise.all(kept.map((recording) => this.remove(recording.id)));
    return kept.length;
  }
}

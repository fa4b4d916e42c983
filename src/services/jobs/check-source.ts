import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { sniffFormat } from '../../audio/sniff.js';
import { SUPPORTED_AUDIO_EXTENSIONS } from '../../shared/audio-files.js';
import { parseWavHeader } from '../../audio/wav-header.js';
import { AppError } from '../../shared/errors.js';

const HEAD_BYTES = 64 * 1024;

export interface CheckedSource {
  path: string;
  /** Known at once for plain WAV files; the engine reports it for the others. */
  durationMs: number | null;
}

/**
 * The quick checks made when a file is dropped, so an unsupported or missing file is refused at once
 * with its reason instead of becoming a job that fails later. Reads at most the first 64 KiB.
 */
export async function checkSource(file: string): Promise<CheckedSource> {
  const absolute = path.resolve(file);
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new AppError('audio_not_found', `${absolute}: file not found`);
    throw new AppError('io', `${absolute}: cannot read the file (${error.code ?? error.message})`);
  });
  if (info.isDirectory()) {
    throw new AppError('audio_unsupported', `${absolute}: is a folder, not an audio file`, {
      hint: 'Drop the files inside it instead.',
    });
  }
  if (info.size === 0) throw new AppError('audio_empty', `${absolute}: the file is empty (0 bytes)`);
  const handle = await open(absolute, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('io', `${absolute}: cannot open the file (${error.code ?? error.message})`, {
      hint: error.code === 'EACCES' ? 'Check the file permissions.' : undefined,
    });
  });
  try {
    const head = new Uint8Array(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    const format = sniffFormat(head);
    const ext = path.extname(absolute).slice(1).toLowerCase();
    if (format === 'unknown' && !SUPPORTED_AUDIO_EXTENSIONS.includes(ext)) {
      throw new AppError('audio_unsupported', `${absolute}: not an audio or video file this app can read`, {
        hint: `Supported: ${SUPPORTED_AUDIO_EXTENSIONS.join(', ')}.`,
      });
    }
    return { path: absolute, durationMs: format === 'wav' ? wavDurationMs(head, info.size, absolute) : null };
  } finally {
    await handle.close();
  }
}

function wavDurationMs(head: Uint8Array, size: number, file: string): number | null {
  try {
    const layout = parseWavHeader(head, size, file);
    return (layout.dataBytes / layout.blockAlign / layout.sampleRate) * 1000;
  } catch {
    // A damaged header is reported by the engine when the job runs, with the whole reason.
    return null;
  }
}

import { statfs } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';

/** Bytes the current user may still write on the file system holding `dir`; null where unknown. */
async function freeBytes(dir: string): Promise<number | null> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** Fails before a download starts when it cannot fit, rather than at 97 %. */
export async function ensureFreeSpace(dir: string, neededBytes: number, file: string): Promise<void> {
  if (neededBytes <= 0) return;
  const free = await freeBytes(dir);
  if (free === null) return;
  // A little headroom so the download does not leave the disk at exactly zero.
  const headroom = Math.min(64 * 1024 * 1024, Math.ceil(neededBytes * 0.02));
  if (free >= neededBytes + headroom) return;
  throw new AppError(
    'disk_full',
    `Not enough free disk space for ${file} in ${dir}: it needs ${formatBytes(neededBytes + headroom)}, ` +
      `only ${formatBytes(free)} is free`,
    {
      hint: 'Free some space or choose a smaller model (a -q5 variant is a third of the size), then try again.',
    },
  );
}

/** A write that failed because there is no room: a full disk, a quota or a file-size limit. */
export function noRoomError(
  error: unknown,
  context: { file: string; dir: string; bytes: number; resumable?: boolean },
): AppError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EFBIG') return null;
  const where = `${context.file} stopped at ${formatBytes(context.bytes)}`;
  const message =
    code === 'EFBIG'
      ? `The file size limit of this process was reached: ${where} (EFBIG, "ulimit -f")`
      : code === 'EDQUOT'
        ? `Your disk quota is used up on ${context.dir}: ${where}`
        : `The disk holding ${context.dir} is full: ${where}`;
  const fix = code === 'EFBIG' ? 'Raise the file size limit (ulimit -f unlimited)' : 'Free some disk space';
  const again =
    context.resumable === false ? 'try again' : 'run the download again; it resumes where it stopped';
  return new AppError('disk_full', message, {
    hint: `${fix} and ${again}.`,
    detail: (error as Error).message,
    cause: error,
  });
}

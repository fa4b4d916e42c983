import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { exportTranscript, type ExportFormat } from '../../shared/exports/index.js';
import type { JsonExportMeta } from '../../shared/exports/json.js';
import type { Segment } from '../../shared/transcript.js';
import { writeFileAtomic as placeFile } from '../storage/atomic-file.js';

export interface WriteOutputsOptions {
  /** Folder for the outputs; next to the source when absent. */
  outDir?: string;
  overwrite?: boolean;
  meta?: JsonExportMeta;
}

export interface WrittenOutput {
  format: ExportFormat;
  path: string;
  /** True when the natural name was taken and a numbered one was used instead. */
  renamed: boolean;
}

const MAX_NUMBERED = 10000;

/**
 * Writes through a random temporary file, fsynced and renamed into place (see storage/atomic-file),
 * so a crash or a full disk never leaves half a file and a link planted at the name is not followed.
 * With `overwrite: false` an existing file fails the write with EEXIST instead of being replaced.
 */
export async function writeFileAtomic(file: string, content: string, overwrite = true): Promise<void> {
  try {
    await placeFile(file, content, { overwrite });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    const hint =
      code === 'ENOSPC'
        ? 'The disk is full: free some space and export again.'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'Choose an output folder you can write to.'
          : undefined;
    throw new AppError(
      'io',
      `Could not write ${file} (${code ?? (error as Error).message})`,
      hint ? { hint } : {},
    );
  }
}

/**
 * Writes "talk.vtt", or "talk (2).vtt" when that exists: an existing file is never replaced (unless
 * `overwrite`), decided by the write itself, so a file that appears meanwhile is not replaced either.
 */
async function writeFreshOutput(dir: string, base: string, ext: string, content: string): Promise<string> {
  for (let n = 1; n < MAX_NUMBERED; n++) {
    const candidate = path.join(dir, n === 1 ? `${base}.${ext}` : `${base} (${n}).${ext}`);
    try {
      await writeFileAtomic(candidate, content, false);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new AppError('output_exists', `Too many existing outputs named ${base}.${ext} in ${dir}`);
}

export async function writeOutputs(
  source: string,
  segments: readonly Segment[],
  formats: readonly ExportFormat[],
  options: WriteOutputsOptions = {},
): Promise<WrittenOutput[]> {
  const dir = options.outDir ?? path.dirname(path.resolve(source));
  await mkdir(dir, { recursive: true });
  const base = path.basename(source, path.extname(source));
  const written: WrittenOutput[] = [];
  for (const format of formats) {
    const content = exportTranscript(format, segments, { source: path.basename(source), ...options.meta });
    let file = path.join(dir, `${base}.${format}`);
    if (options.overwrite) await writeFileAtomic(file, content);
    else file = await writeFreshOutput(dir, base, format, content);
    written.push({ format, path: file, renamed: path.basename(file) !== `${base}.${format}` });
  }
  return written;
}

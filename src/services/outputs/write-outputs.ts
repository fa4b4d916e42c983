import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { exportTranscript, type ExportFormat } from '../../shared/exports/index.js';
import type { JsonExportMeta } from '../../shared/exports/json.js';
import type { Segment } from '../../shared/transcript.js';

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

async function exists(file: string): Promise<boolean> {
  return access(file, constants.F_OK).then(
    () => true,
    () => false,
  );
}

/** "talk.vtt", or "talk (2).vtt" when that exists: an existing file is never replaced silently. */
export async function freeOutputPath(
  dir: string,
  base: string,
  ext: string,
  overwrite: boolean,
): Promise<string> {
  const first = path.join(dir, `${base}.${ext}`);
  if (overwrite || !(await exists(first))) return first;
  for (let n = 2; n < 10000; n++) {
    const candidate = path.join(dir, `${base} (${n}).${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new AppError('output_exists', `Too many existing outputs named ${base}.${ext} in ${dir}`);
}

/** Writes to a temporary name then renames, so a crash or a full disk never leaves half a file. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
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
    const file = await freeOutputPath(dir, base, format, options.overwrite ?? false);
    await writeFileAtomic(
      file,
      exportTranscript(format, segments, { source: path.basename(source), ...options.meta }),
    );
    written.push({ format, path: file, renamed: path.basename(file) !== `${base}.${format}` });
  }
  return written;
}

import { existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { exportTranscript, type ExportFormat } from '../../shared/exports/index.js';
import type { JsonExportMeta } from '../../shared/exports/json.js';
import type { JobOptions, JobOutput } from '../../shared/jobs.js';
import type { Segment } from '../../shared/transcript.js';
import { writeFileAtomic } from '../outputs/write-outputs.js';

/**
 * Claims "talk.vtt", or "talk (2).vtt" when that exists, by creating it empty with O_EXCL: two jobs
 * (or two app instances) with the same file name can never pick the same output and overwrite it.
 * `record` saves the name as this job's before the file exists, so a crash between the two leaves a
 * name the retry reuses, never an empty file that nobody owns (which would push the retry to "(2)").
 */
async function reserve(
  dir: string,
  base: string,
  ext: string,
  record: (candidate: string) => void,
): Promise<string> {
  for (let n = 1; n < 10000; n++) {
    const candidate = path.join(dir, n === 1 ? `${base}.${ext}` : `${base} (${n}).${ext}`);
    if (existsSync(candidate)) continue;
    record(candidate);
    try {
      await (await open(candidate, 'wx')).close();
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new AppError('io', `Cannot create ${candidate} (${code ?? (error as Error).message})`, {
        hint: 'Choose an output folder you can write to.',
      });
    }
  }
  throw new AppError('output_exists', `Too many existing outputs named ${base}.${ext} in ${dir}`);
}

export function outputDirectory(source: string, options: JobOptions): string {
  return options.outputDir ?? path.dirname(path.resolve(source));
}

/**
 * Chooses the output paths: the ones an interrupted earlier attempt of this same job already chose
 * (they are this job's own files, so they are replaced), else fresh names that never replace a file.
 */
export async function planOutputs(
  source: string,
  options: JobOptions,
  previous: readonly JobOutput[],
  /** Saves the plan so far (the database); throws when the job is no longer this run's. */
  record: (planned: JobOutput[]) => void,
): Promise<JobOutput[]> {
  const dir = outputDirectory(source, options);
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new AppError('io', `Cannot create the output folder ${dir} (${error.code ?? error.message})`, {
      hint: 'Choose an output folder you can write to.',
    });
  });
  const base = path.basename(source, path.extname(source));
  const planned: JobOutput[] = [];
  for (const format of options.formats) {
    const earlier = previous.find((p) => p.format === format && path.dirname(p.path) === dir);
    const output = (file: string): JobOutput => ({
      format,
      path: file,
      renamed: path.basename(file) !== `${base}.${format}`,
    });
    const file =
      earlier?.path ??
      (await reserve(dir, base, format, (candidate) => {
        // The earlier attempt's names for the formats still to come stay recorded too.
        const later = previous.filter(
          (p) => p.format !== format && !planned.some((q) => q.format === p.format),
        );
        record([...planned, output(candidate), ...later]);
      }));
    planned.push(output(file));
  }
  return planned;
}

export async function writePlannedOutputs(
  planned: readonly JobOutput[],
  segments: readonly Segment[],
  meta: JsonExportMeta,
): Promise<void> {
  for (const output of planned) {
    await writeFileAtomic(output.path, exportTranscript(output.format as ExportFormat, segments, meta));
  }
}

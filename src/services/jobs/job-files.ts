import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_AUDIO_EXTENSIONS } from '../../shared/audio-files.js';
import { ExportFormat } from '../../shared/exports/index.js';
import { AppError } from '../../shared/errors.js';
import type { JobOutput } from '../../shared/jobs.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import { outputDirectory } from './job-outputs.js';
import type { JobsPort } from './job-requests.js';

/** Writes a completed job's transcript in one more format, beside its outputs; never overwrites a file. */
export async function exportJob(jobs: JobsPort, jobId: string, format: ExportFormat): Promise<JobOutput> {
  const job = jobs.get(jobId);
  if (!job) {
    throw new AppError('invalid_request', `There is no file job ${jobId} to export.`, {
      hint: 'It may have been removed; add the file again.',
    });
  }
  if (job.state !== 'completed' || !job.segments) {
    throw new AppError('invalid_request', `${path.basename(job.source)} has no transcript yet to export.`, {
      hint: 'Export it once the job has completed.',
    });
  }
  const [written] = await writeOutputs(job.source, job.segments, [format], {
    outDir: outputDirectory(job.source, job.options),
    meta: {
      ...(job.language ? { language: job.language } : {}),
      ...(job.durationMs !== null ? { audioMs: job.durationMs } : {}),
    },
  });
  if (!written) throw new AppError('internal', `Nothing was written exporting ${job.source}.`);
  return written;
}

/**
 * The window may open or reveal only files the jobs know (their sources and outputs): a page must not be
 * able to make the desktop run an arbitrary program by naming it.
 */
export function requireJobFile(
  jobs: JobsPort | undefined,
  exported: ReadonlySet<string>,
  file: string,
): string {
  const wanted = path.resolve(file);
  const known =
    exported.has(wanted) ||
    jobs
      ?.list()
      .some(
        (job) =>
          path.resolve(job.source) === wanted || job.outputs.some((o) => path.resolve(o.path) === wanted),
      );
  if (!known) {
    throw new AppError('forbidden', `${file} is not a file of any transcription job, so it is not opened.`, {
      hint: 'Open it from your file manager.',
    });
  }
  return wanted;
}

/** What the desktop may open: the media files the app reads and the transcript formats it writes. */
const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...SUPPORTED_AUDIO_EXTENSIONS,
  ...ExportFormat.options,
]);

const extensionOf = (file: string) => path.extname(file).slice(1).toLowerCase();

/**
 * A job's file that the desktop may open with its default application: known to the jobs (as above),
 * a regular file, and an audio, video or transcript file by the name given and by the file a link
 * leads to. A job source is accepted for its content, so a script or a launcher (.sh, .desktop)
 * that starts like audio can be a job; opening it would run it, so it is refused here.
 */
export function requireOpenableJobFile(
  jobs: JobsPort | undefined,
  exported: ReadonlySet<string>,
  file: string,
): string {
  const wanted = requireJobFile(jobs, exported, file);
  let real: string;
  try {
    real = realpathSync(wanted);
    if (!statSync(real).isFile()) throw new Error('not a regular file');
  } catch (error) {
    throw new AppError(
      'forbidden',
      `${file} is not a file that can be opened (${(error as Error).message}).`,
      {
        hint: 'Check that the file still exists, then open it from your file manager.',
      },
    );
  }
  const notMedia = [wanted, real].find((name) => !OPENABLE_EXTENSIONS.has(extensionOf(name)));
  if (notMedia !== undefined) {
    throw new AppError(
      'forbidden',
      `${file} is not opened: ${path.basename(notMedia)} is not an audio, video or transcript file.`,
      { hint: 'Open it from your file manager if you trust it.' },
    );
  }
  return wanted;
}

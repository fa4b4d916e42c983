import path from 'node:path';
import type { ExportFormat } from '../../shared/exports/index.js';
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

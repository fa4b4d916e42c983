import type { AppHandlers } from '../../shared/app-protocol.js';
import type { Job, JobCommand, JobCommandResult, JobEvent } from '../../shared/jobs.js';
import { DESKTOP_ONLY_HINT, type DesktopPort } from '../desktop/desktop-port.js';
import { requireService } from '../request-handlers.js';
import { exportJob, requireJobFile, requireOpenableJobFile } from './job-files.js';

export interface JobsPort {
  handle(command: JobCommand): Promise<JobCommandResult>;
  subscribe(listener: (event: JobEvent) => void): () => void;
  get(id: string): Job | null;
  list(): Job[];
}

export const JOB_REQUESTS = ['jobs', 'job_export', 'pick_files', 'open_path', 'show_in_folder'] as const;

const JOBS = 'File transcription';

/** The Files view: the job queue, exports, and opening a job's files on the desktop. */
export function jobHandlers(
  jobs: JobsPort | undefined,
  desktop: DesktopPort | undefined,
): AppHandlers<(typeof JOB_REQUESTS)[number]> {
  /** Files written by job_export, which the window may open like a job's own outputs. */
  const exported = new Set<string>();
  return {
    jobs: (request) => requireService(jobs, JOBS).handle(request.command),
    job_export: async (request) => {
      const written = await exportJob(requireService(jobs, JOBS), request.jobId, request.format);
      exported.add(written.path);
      return written;
    },
    pick_files: async () => ({
      paths: await requireService(desktop, 'The file dialog', DESKTOP_ONLY_HINT).pickFiles(),
    }),
    open_path: async (request) => {
      const open = requireService(desktop, 'Opening files', DESKTOP_ONLY_HINT);
      await open.openPath(requireOpenableJobFile(jobs, exported, request.path));
      return { opened: true };
    },
    show_in_folder: (request) => {
      const show = requireService(desktop, 'Showing files in their folder', DESKTOP_ONLY_HINT);
      show.showInFolder(requireJobFile(jobs, exported, request.path));
      return { shown: true };
    },
  };
}

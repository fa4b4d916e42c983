import { create } from 'zustand';
import type { Job, JobEvent } from '../../shared/jobs.js';

export interface Rejection {
  id: number;
  message: string;
  hint?: string;
}

export interface JobsState {
  jobs: Record<string, Job>;
  /** When each job's last progress event was sent (for the time remaining). */
  progressAt: Record<string, number>;
  /** True once the first list has arrived. */
  loaded: boolean;
  /** Files refused when they were added, with the reason (shown until dismissed). */
  rejections: Rejection[];
}

export const useJobsStore = create<JobsState>()(() => ({
  jobs: {},
  progressAt: {},
  loaded: false,
  rejections: [],
}));

/** Keeps whichever copy of a job is newer (a list answer may cross an event on the way). */
function newer(current: Job | undefined, incoming: Job): Job {
  if (!current || incoming.updatedAt >= current.updatedAt) return incoming;
  return current;
}

/** What one pushed job event changes (pure: the unit tests check it directly). */
export function applyJobEvent(state: JobsState, event: JobEvent): Partial<JobsState> {
  switch (event.type) {
    case 'job_added':
    case 'job_updated':
      return { jobs: { ...state.jobs, [event.job.id]: newer(state.jobs[event.job.id], event.job) } };
    case 'job_progress': {
      const job = state.jobs[event.jobId];
      if (!job || job.state !== 'processing') return {};
      return {
        jobs: {
          ...state.jobs,
          [job.id]: {
            ...job,
            progress: Math.max(job.progress, event.progress),
            durationMs: event.durationMs ?? job.durationMs,
          },
        },
        progressAt: { ...state.progressAt, [job.id]: event.timestamp },
      };
    }
    case 'job_removed': {
      const { [event.jobId]: _removed, ...jobs } = state.jobs;
      return { jobs };
    }
    default:
      return {};
  }
}

export function mergeJobList(state: JobsState, listed: readonly Job[]): Partial<JobsState> {
  const jobs: Record<string, Job> = {};
  for (const job of listed) jobs[job.id] = newer(state.jobs[job.id], job);
  return { jobs, loaded: true };
}

let nextRejectionId = 1;

export function rejectFiles(rejections: readonly Omit<Rejection, 'id'>[]): void {
  if (rejections.length === 0) return;
  useJobsStore.setState((state) => ({
    rejections: [...state.rejections, ...rejections.map((r) => ({ ...r, id: nextRejectionId++ }))],
  }));
}

export function dismissRejection(id: number): void {
  useJobsStore.setState((state) => ({ rejections: state.rejections.filter((r) => r.id !== id) }));
}

import { create } from 'zustand';
import type { Job, JobEvent } from '../../shared/jobs.js';

export interface Rejection {
  id: number;
  message: string;
  hint?: string;
}

export interface ProgressPoint {
  at: number;
  progress: number;
}

export interface ProgressSpan {
  first: ProgressPoint;
  last: ProgressPoint;
}

export interface JobsState {
  jobs: Record<string, Job>;
  /** Each processing job's first and latest progress of its attempt: the rate gives the time remaining. */
  progressAt: Record<string, ProgressSpan>;
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
    case 'job_updated': {
      const current = state.jobs[event.job.id];
      const job = newer(current, event.job);
      const sameAttempt = current?.state === job.state && current.attempts === job.attempts;
      if (sameAttempt) return { jobs: { ...state.jobs, [job.id]: job } };
      // A new attempt (or its end) starts the rate over.
      const { [job.id]: _span, ...progressAt } = state.progressAt;
      return { jobs: { ...state.jobs, [job.id]: job }, progressAt };
    }
    case 'job_progress': {
      const job = state.jobs[event.jobId];
      if (!job || job.state !== 'processing') return {};
      const known = state.progressAt[job.id];
      if (known && event.progress < known.last.progress) return {};
      const point = { at: event.timestamp, progress: event.progress };
      return {
        jobs: {
          ...state.jobs,
          [job.id]: {
            ...job,
            progress: Math.max(job.progress, event.progress),
            durationMs: event.durationMs ?? job.durationMs,
          },
        },
        progressAt: { ...state.progressAt, [job.id]: { first: known?.first ?? point, last: point } },
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

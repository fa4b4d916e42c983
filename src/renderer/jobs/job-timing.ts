import type { Job } from '../../shared/jobs.js';

/** The file name of a path, with either separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** When the current (or last) attempt started processing; null if it never did. */
export function startedAt(job: Job): number | null {
  for (let i = job.transitions.length - 1; i >= 0; i--) {
    const transition = job.transitions[i];
    if (transition?.state === 'processing') return transition.at;
  }
  return null;
}

/** Milliseconds spent on the current or last attempt: up to now while processing, else until it ended. */
export function elapsedMs(job: Job, now: number): number | null {
  const start = startedAt(job);
  if (start === null) return null;
  const end = job.state === 'processing' ? now : (job.transitions.at(-1)?.at ?? job.updatedAt);
  return Math.max(0, end - start);
}

/**
 * Time left at the rate so far, measured when the last progress arrived; null until there is progress
 * to go by.
 */
export function remainingMs(job: Job, progressAt: number | undefined): number | null {
  const start = startedAt(job);
  if (job.state !== 'processing' || start === null || progressAt === undefined) return null;
  if (job.progress <= 0 || job.progress >= 100) return null;
  const spent = Math.max(0, progressAt - start);
  return (spent * (100 - job.progress)) / job.progress;
}

/** A span for cards: "0:07", "12:05", "1:02:09". */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A timestamp in a transcript: "00:01.20". */
export function formatTimestamp(ms: number): string {
  const centis = Math.floor(ms / 10);
  const minutes = Math.floor(centis / 6000);
  const seconds = Math.floor((centis % 6000) / 100);
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(centis % 100).padStart(2, '0')}`;
}

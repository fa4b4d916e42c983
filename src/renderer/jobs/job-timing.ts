import type { Job } from '../../shared/jobs.js';
import type { ProgressSpan } from '../store/jobs-store.js';

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
 * Time left at the rate measured between the attempt's first and latest progress (the engine's start-up
 * before the first one would make the estimate far too long); null until two reports are in.
 */
export function remainingMs(job: Job, span: ProgressSpan | undefined): number | null {
  if (job.state !== 'processing' || !span) return null;
  const done = span.last.progress - span.first.progress;
  const took = span.last.at - span.first.at;
  if (done <= 0 || took <= 0 || span.last.progress >= 100) return null;
  return (took * (100 - span.last.progress)) / done;
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

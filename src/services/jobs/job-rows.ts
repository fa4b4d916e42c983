import type { Job, JobFailure, JobOptions, JobOutput, JobState, JobTransition } from '../../shared/jobs.js';
import type { Segment } from '../../shared/transcript.js';
import { leaseHolderAlive, type LeaseOwner } from './lease-owner.js';

/** A row of the jobs table, as SQLite returns it. */
export interface JobRow {
  id: string;
  source: string;
  options_json: string;
  state: JobState;
  progress: number;
  attempts: number;
  retry_base: number;
  threads: number | null;
  created_at: number;
  updated_at: number;
  transitions_json: string;
  next_attempt_at: number | null;
  failure_json: string | null;
  duration_ms: number | null;
  language: string | null;
  segments_json: string | null;
  outputs_json: string;
  planned_outputs_json: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
  pieces_total: number | null;
  pieces_done: number | null;
  engines_json: string | null;
}

const MAX_TRANSITIONS = 200;

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    source: row.source,
    options: JSON.parse(row.options_json) as JobOptions,
    state: row.state,
    progress: row.progress,
    attempts: row.attempts,
    threads: row.threads,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    transitions: JSON.parse(row.transitions_json) as JobTransition[],
    nextAttemptAt: row.next_attempt_at,
    failure: row.failure_json === null ? null : (JSON.parse(row.failure_json) as JobFailure),
    durationMs: row.duration_ms,
    language: row.language,
    segments: row.segments_json === null ? null : (JSON.parse(row.segments_json) as Segment[]),
    outputs: JSON.parse(row.outputs_json) as JobOutput[],
    ...(row.pieces_total ? { pieces: { done: row.pieces_done ?? 0, total: row.pieces_total } } : {}),
    ...(row.engines_json ? { engines: JSON.parse(row.engines_json) as string[] } : {}),
  };
}

/** A processing job nobody is running any more: its lease ran out or its process is gone. */
export function isOrphan(
  row: Pick<JobRow, 'lease_owner' | 'lease_expires_at'>,
  owner: LeaseOwner,
  now: number,
): boolean {
  return (
    row.lease_owner === null ||
    (row.lease_expires_at ?? 0) <= now ||
    !leaseHolderAlive(row.lease_owner, owner)
  );
}

export function withTransition(row: JobRow, state: JobState, at: number): string {
  const transitions = JSON.parse(row.transitions_json) as JobTransition[];
  transitions.push({ state, at });
  return JSON.stringify(transitions.slice(-MAX_TRANSITIONS));
}

import type { SQLInputValue } from 'node:sqlite';
import { AppError } from '../../shared/errors.js';
import type { Job, JobFailure, JobOptions, JobOutput, JobState } from '../../shared/jobs.js';
import type { Segment } from '../../shared/transcript.js';
import type { Database } from '../storage/database.js';
import type { LeaseOwner } from './lease-owner.js';
import { isOrphan, toJob, withTransition, type JobRow } from './job-rows.js';

export interface NewJob {
  id: string;
  source: string;
  options: JobOptions;
  durationMs: number | null;
}

export type ClaimResult =
  | {
      kind: 'claimed';
      job: Job;
      /** Picked up from a holder that died (the app crashed or was killed while running it). */
      reclaimed: boolean;
      /** Attempts since the job was added or last retried by hand, this one included. */
      attemptInRun: number;
      plannedOutputs: JobOutput[];
    }
  /** A job interrupted by crashes more often than the retry budget allows: failed instead of run again. */
  | { kind: 'gave_up'; job: Job };

export interface ClaimOptions {
  owner: LeaseOwner;
  now: number;
  leaseMs: number;
  threads: number;
  maxAttempts: number;
  /** Whether a job with these options may start now (e.g. its model fits in memory); false waits. */
  accept?: (options: JobOptions) => boolean;
}

export interface JobResult {
  segments: Segment[];
  language: string | null;
  durationMs: number | null;
  outputs: JobOutput[];
}

/**
 * Jobs in the app's SQLite database. Every method is one short synchronous statement or transaction,
 * so several processes can share the file: a job is claimed with BEGIN IMMEDIATE and held by a lease
 * (owner + expiry) that its runner renews; only the lease holder may record progress or a result.
 */
export class JobStore {
  constructor(private readonly db: Database) {}

  private row(id: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private update(id: string, fields: Partial<Record<keyof JobRow, SQLInputValue>>): number {
    const keys = Object.keys(fields);
    const sql = `UPDATE jobs SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`;
    return Number(
      this.db.prepare(sql).run(...keys.map((k) => fields[k as keyof JobRow] ?? null), id).changes,
    );
  }

  get(id: string): Job | null {
    const row = this.row(id);
    return row ? toJob(row) : null;
  }

  /** Oldest first. */
  list(): Job[] {
    const rows = this.db
      .prepare('SELECT * FROM jobs ORDER BY created_at, rowid')
      .all() as unknown as JobRow[];
    return rows.map(toJob);
  }

  insert(jobs: readonly NewJob[], now: number): Job[] {
    const insert = this.db.prepare(
      `INSERT INTO jobs (id, source, options_json, state, created_at, updated_at, transitions_json, duration_ms)
       VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)`,
    );
    const transitions = JSON.stringify([{ state: 'pending', at: now }]);
    this.transaction(() => {
      for (const job of jobs) {
        insert.run(job.id, job.source, JSON.stringify(job.options), now, now, transitions, job.durationMs);
      }
    });
    return jobs.map((job) => this.get(job.id) as Job);
  }

  counts(now: number): { pending: number; due: number; processing: number } {
    const row = this.db
      .prepare(
        `SELECT
           SUM(state = 'pending') AS pending,
           SUM(state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) AS due,
           SUM(state = 'processing') AS processing
         FROM jobs`,
      )
      .get(now) as { pending: number | null; due: number | null; processing: number | null };
    return { pending: row.pending ?? 0, due: row.due ?? 0, processing: row.processing ?? 0 };
  }

  /** True while any job is waiting or running, here or in another process. */
  hasUnfinished(): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM jobs WHERE state IN ('pending', 'processing') LIMIT 1`).get() !==
      undefined
    );
  }

  /**
   * Takes the next job to run, atomically across processes: first a job whose holder died (its lease
   * expired, or its process on this machine is gone), then the oldest pending job that is due.
   */
  claimNext(options: ClaimOptions): ClaimResult | null {
    const { owner, now } = options;
    return this.transaction(() => {
      const held = this.db
        .prepare(
          `SELECT * FROM jobs WHERE state = 'processing' AND (lease_owner IS NULL OR lease_owner != ?)
           ORDER BY created_at, rowid`,
        )
        .all(owner.id) as unknown as JobRow[];
      const orphan = held.find((row) => isOrphan(row, owner, now));
      const row =
        orphan ??
        (this.db
          .prepare(
            `SELECT * FROM jobs WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
             ORDER BY created_at, rowid LIMIT 1`,
          )
          .get(now) as JobRow | undefined);
      if (!row) return null;
      if (options.accept && !options.accept(JSON.parse(row.options_json) as JobOptions)) return null;
      if (orphan && row.attempts - row.retry_base >= options.maxAttempts) {
        const failure: JobFailure = {
          kind: 'internal',
          message: `${row.source}: the app stopped ${row.attempts - row.retry_base} times while transcribing this file`,
          hint: 'Retry it by hand; if the app keeps stopping, report the file.',
          transient: false,
        };
        this.update(row.id, {
          state: 'failed',
          failure_json: JSON.stringify(failure),
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
          transitions_json: withTransition(row, 'failed', now),
        });
        return { kind: 'gave_up', job: this.get(row.id) as Job };
      }
      this.update(row.id, {
        state: 'processing',
        attempts: row.attempts + 1,
        progress: 0,
        threads: options.threads,
        next_attempt_at: null,
        lease_owner: owner.id,
        lease_expires_at: now + options.leaseMs,
        updated_at: now,
        // A pick-up after a crash continues the same processing stretch; it is not a new state.
        transitions_json: orphan ? row.transitions_json : withTransition(row, 'processing', now),
      });
      return {
        kind: 'claimed',
        job: this.get(row.id) as Job,
        reclaimed: orphan !== undefined,
        attemptInRun: row.attempts + 1 - row.retry_base,
        plannedOutputs: JSON.parse(row.planned_outputs_json) as JobOutput[],
      };
    });
  }

  /** Jobs claimNext would hand out now (due pending ones and orphans). */
  runnableCount(owner: LeaseOwner, now: number): number {
    const held = this.db
      .prepare(
        `SELECT lease_owner, lease_expires_at FROM jobs
         WHERE state = 'processing' AND (lease_owner IS NULL OR lease_owner != ?)`,
      )
      .all(owner.id) as { lease_owner: string | null; lease_expires_at: number | null }[];
    return held.filter((row) => isOrphan(row, owner, now)).length + this.counts(now).due;
  }

  /** Extends the lease; false when the job was cancelled or taken over meanwhile. */
  renewLease(id: string, ownerId: string, now: number, leaseMs: number): boolean {
    return this.updateHeld(id, ownerId, { lease_expires_at: now + leaseMs });
  }

  /** The job's row while `ownerId` runs it; undefined once it was cancelled or taken over. */
  private heldRow(id: string, ownerId: string): JobRow | undefined {
    const row = this.row(id);
    return row?.state === 'processing' && row.lease_owner === ownerId ? row : undefined;
  }

  private updateHeld(
    id: string,
    ownerId: string,
    fields: Partial<Record<keyof JobRow, SQLInputValue>>,
  ): boolean {
    const keys = Object.keys(fields);
    const sql = `UPDATE jobs SET ${keys.map((k) => `${k} = ?`).join(', ')}
                 WHERE id = ? AND state = 'processing' AND lease_owner = ?`;
    const values = keys.map((k) => fields[k as keyof JobRow] ?? null);
    return Number(this.db.prepare(sql).run(...values, id, ownerId).changes) === 1;
  }

  recordProgress(
    id: string,
    ownerId: string,
    progress: number,
    durationMs: number | null,
    now: number,
  ): boolean {
    return this.updateHeld(id, ownerId, { progress, duration_ms: durationMs, updated_at: now });
  }

  /** Output paths chosen before they are written, so a run interrupted while writing reuses them. */
  planOutputs(id: string, ownerId: string, planned: JobOutput[]): boolean {
    return this.updateHeld(id, ownerId, { planned_outputs_json: JSON.stringify(planned) });
  }

  complete(id: string, ownerId: string, result: JobResult, now: number): Job | null {
    return this.transaction(() => {
      const row = this.heldRow(id, ownerId);
      if (!row) return null;
      this.update(id, {
        state: 'completed',
        progress: 100,
        segments_json: JSON.stringify(result.segments),
        language: result.language,
        duration_ms: result.durationMs ?? row.duration_ms,
        outputs_json: JSON.stringify(result.outputs),
        planned_outputs_json: '[]',
        failure_json: null,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
        transitions_json: withTransition(row, 'completed', now),
      });
      return this.get(id);
    });
  }

  /** A failed attempt: pending again at `retryAt`, or failed for good when retryAt is null. */
  fail(id: string, ownerId: string, failure: JobFailure, retryAt: number | null, now: number): Job | null {
    return this.transaction(() => {
      const row = this.heldRow(id, ownerId);
      if (!row) return null;
      const state: JobState = retryAt === null ? 'failed' : 'pending';
      this.update(id, {
        state,
        failure_json: JSON.stringify(failure),
        next_attempt_at: retryAt,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
        transitions_json: withTransition(row, state, now),
      });
      return this.get(id);
    });
  }

  /** Gives a running job back untouched (the app is quitting): it runs again next time, attempt not counted. */
  release(id: string, ownerId: string, now: number): Job | null {
    return this.transaction(() => {
      const row = this.heldRow(id, ownerId);
      if (!row) return null;
      this.update(id, {
        state: 'pending',
        progress: 0,
        attempts: Math.max(0, row.attempts - 1),
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
        transitions_json: withTransition(row, 'pending', now),
      });
      return this.get(id);
    });
  }

  /** Pending, processing (its holder sees the change and aborts) or failed: cancelled. */
  cancel(id: string, now: number): Job {
    return this.transaction(() => {
      const row = this.requireRow(id);
      if (row.state === 'cancelled') return toJob(row);
      if (row.state === 'completed') {
        throw new AppError('invalid_request', `${row.source}: the job has already completed`, {
          hint: 'Remove it from the list instead.',
        });
      }
      this.update(id, {
        state: 'cancelled',
        next_attempt_at: null,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
        transitions_json: withTransition(row, 'cancelled', now),
      });
      return this.get(id) as Job;
    });
  }

  /** A failed or cancelled job runs again with a fresh retry budget. */
  retry(id: string, now: number): Job {
    return this.transaction(() => {
      const row = this.requireRow(id);
      if (row.state !== 'failed' && row.state !== 'cancelled') {
        throw new AppError('invalid_request', `${row.source}: only a failed or cancelled job can be retried`);
      }
      this.update(id, {
        state: 'pending',
        progress: 0,
        retry_base: row.attempts,
        failure_json: null,
        next_attempt_at: null,
        updated_at: now,
        transitions_json: withTransition(row, 'pending', now),
      });
      return this.get(id) as Job;
    });
  }

  remove(id: string): void {
    const row = this.requireRow(id);
    if (row.state === 'processing') {
      throw new AppError('invalid_request', `${row.source}: the job is running; cancel it first`);
    }
    this.db.prepare(`DELETE FROM jobs WHERE id = ? AND state != 'processing'`).run(id);
  }

  clearCompleted(): string[] {
    const rows = this.db.prepare(`DELETE FROM jobs WHERE state = 'completed' RETURNING id`).all() as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  /** When something may become runnable without anyone telling this process: a retry falls due, a lease runs out. */
  nextWakeAt(now: number, ownerId: string): number | null {
    const row = this.db
      .prepare(
        `SELECT MIN(t) AS t FROM (
           SELECT next_attempt_at AS t FROM jobs WHERE state = 'pending' AND next_attempt_at > ?
           UNION ALL
           SELECT lease_expires_at AS t FROM jobs
             WHERE state = 'processing' AND lease_owner != ? AND lease_expires_at IS NOT NULL
         )`,
      )
      .get(now, ownerId) as { t: number | null };
    return row.t;
  }

  private requireRow(id: string): JobRow {
    const row = this.row(id);
    if (!row)
      throw new AppError('invalid_request', `No job with id ${id}`, { hint: 'It may have been removed.' });
    return row;
  }
}

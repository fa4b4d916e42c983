import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RunningTranscription } from '../../engine/client/engine-client.js';
import { AppError, serializeError, type SerializedError } from '../../shared/errors.js';
import type { Job, JobEvent, JobFailure, JobOutput } from '../../shared/jobs.js';
import type { Transcript } from '../../shared/transcript.js';
import type { EngineLease, EnginePool } from './engine-pool.js';
import { planOutputs, writePlannedOutputs } from './job-outputs.js';
import type { JobStore } from './job-store.js';
import type { LeaseOwner } from './lease-owner.js';
import { transcribeInPieces } from './pieces/piece-job.js';
import type { PieceRouter, PieceRunner } from './pieces/piece-setup.js';
import { backoffMs, isTransient, type RetryPolicy } from './retry-policy.js';
import { engineTranscribeOptions } from './engine-transcribe-options.js';

export interface RunContext {
  store: JobStore;
  pool: EnginePool;
  owner: LeaseOwner;
  logger: Logger;
  retry: RetryPolicy;
  leaseMs: number;
  stallTimeoutMs: number;
  emit: (event: JobEvent) => void;
  /** Tells the user about a problem no job event can carry (the database refuses the lease renewal). */
  notify?: (message: string, hint?: string) => void;
  /** Set when jobs may run in pieces over several engines (read again as each job starts). */
  pieces?: PieceRouter;
}

export interface ClaimedJob {
  job: Job;
  attemptInRun: number;
  plannedOutputs: JobOutput[];
}

const PROGRESS_WRITE_MS = 1000;

/** Why a run stopped early, when it was not the engine's or the file's doing. */
type Interruption = 'cancelled' | 'stopping' | 'lease_lost' | null;

/**
 * One attempt of one job: an engine from the pool, the file transcribed window by window in the engine,
 * the outputs written, the result recorded. Holds the job's lease (renewed on a timer) while it runs.
 */
export class JobRun {
  readonly jobId: string;
  readonly threads: number;
  readonly modelPath: string;
  readonly done: Promise<void>;
  private readonly job: Job;
  private transcription: RunningTranscription | null = null;
  private lease: EngineLease | null = null;
  private interruption: Interruption = null;
  private paused = false;
  private stalled = false;
  private progress = 0;
  private durationMs: number | null;
  private progressWrittenAt = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly pieceAbort = new AbortController();

  constructor(
    private readonly ctx: RunContext,
    private readonly claim: ClaimedJob,
  ) {
    this.job = claim.job;
    this.jobId = claim.job.id;
    this.threads = claim.job.threads ?? 1;
    this.modelPath = claim.job.options.modelPath;
    this.durationMs = claim.job.durationMs;
    this.done = this.run();
  }

  /** The user dictates: stop using the CPU now (the engine aborts the current window and redoes it later). */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.clearStallTimer();
    void this.transcription?.pause().catch((error: unknown) => this.logEngineCall('pause', error));
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.armStallTimer();
    void this.transcription?.resume().catch((error: unknown) => this.logEngineCall('resume', error));
  }

  /** Cancelled by the user (already recorded in the store). */
  cancel(): void {
    this.interrupt('cancelled');
  }

  /** The queue is closing: the job goes back to pending and runs on the next start. */
  stop(): void {
    this.interrupt('stopping');
  }

  private renewalFailures = 0;

  private renewalFailed(error: unknown, expired: boolean): void {
    this.renewalFailures++;
    if (this.renewalFailures === 1 || expired) {
      this.ctx.logger.error(
        {
          event: 'job_lease_renew_failed',
          jobId: this.jobId,
          failures: this.renewalFailures,
          expired,
          error: serializeError(error),
        },
        expired
          ? 'the job lease ran out: the database refused every renewal'
          : 'renewing the job lease failed',
      );
    }
    if (!expired) return;
    this.ctx.notify?.(
      `The file job for ${path.basename(this.job.source)} was stopped: the database cannot be written (${(error as Error).message}).`,
      'Check the free disk space and that no other program holds the database, then restart the app.',
    );
    this.interrupt('lease_lost');
  }

  private interrupt(why: Exclude<Interruption, null>): void {
    this.interruption ??= why;
    this.transcription?.abort();
    this.pieceAbort.abort();
  }

  private async run(): Promise<void> {
    const { store, owner, leaseMs } = this.ctx;
    let renewedAt = Date.now();
    this.heartbeat = setInterval(
      () => {
        const now = Date.now();
        try {
          if (!store.renewLease(this.jobId, owner.id, now, leaseMs)) this.interrupt('lease_lost');
          renewedAt = now;
        } catch (error) {
          // A throw here would be an uncaught exception in main. A busy or failing database is retried on
          // the next beat while the lease still holds; once it has run out, the job stops.
          this.renewalFailed(error, now - renewedAt >= leaseMs);
        }
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    let healthy = true;
    let reserved: JobOutput[] = [];
    try {
      const transcript = await this.transcribe();
      const record = (planned: JobOutput[]) => {
        if (!store.planOutputs(this.jobId, owner.id, planned))
          throw new AppError('aborted', 'the job left this queue');
      };
      reserved = await planOutputs(this.job.source, this.job.options, this.claim.plannedOutputs, record);
      record(reserved);
      await writePlannedOutputs(reserved, transcript.segments, {
        source: path.basename(this.job.source),
        language: transcript.language,
        model: path.basename(this.job.options.modelPath),
        audioMs: Math.round(transcript.audioMs),
      });
      const completed = store.complete(
        this.jobId,
        owner.id,
        {
          segments: transcript.segments,
          language: transcript.language || null,
          durationMs: transcript.audioMs,
          outputs: reserved,
        },
        Date.now(),
      );
      if (completed) this.ctx.pieces?.forget(this.jobId);
      if (completed) this.ctx.emit({ type: 'job_updated', timestamp: Date.now(), job: completed });
      else this.emitCurrent();
    } catch (error) {
      const failure = this.describe(error);
      healthy = !['engine_crashed', 'engine_timeout', 'internal', 'model_not_loaded'].includes(failure.kind);
      await this.forgetEmptyOutputs(reserved);
      this.finishFailed(failure);
    } finally {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.clearStallTimer();
      this.lease?.release(healthy);
    }
  }

  private async transcribe(): Promise<Transcript> {
    const runner = this.ctx.pieces ? await this.ctx.pieces.refresh() : null;
    if (runner) return this.transcribeInPieces(runner);
    const { options, source } = this.job;
    this.lease = await this.ctx.pool.acquire(options.modelPath);
    if (this.interruption) throw new AppError('aborted', 'stopped before it started');
    const transcribeOptions = engineTranscribeOptions(options, this.threads);
    this.transcription = this.lease.client.transcribe({ kind: 'file', path: source }, transcribeOptions, {
      onProgress: (percent, totalMs) => this.onProgress(percent, totalMs),
      onSegment: (segment) => {
        this.armStallTimer();
        this.ctx.emit({ type: 'job_segment', timestamp: Date.now(), jobId: this.jobId, segment });
      },
    });
    if (this.paused)
      void this.transcription.pause().catch((error: unknown) => this.logEngineCall('pause', error));
    this.armStallTimer();
    return await this.transcription.result;
  }

  private async transcribeInPieces(runner: PieceRunner): Promise<Transcript> {
    return transcribeInPieces({
      job: this.job,
      ownerId: this.ctx.owner.id,
      dispatcher: runner.dispatcher,
      pieces: runner.store,
      split: runner.split,
      findPauses: (length) => runner.speech.find(this.job, length, runner.split, this.pieceAbort.signal),
      signal: this.pieceAbort.signal,
      onProgress: (done, total, durationMs) => this.onPieceProgress(done, total, durationMs),
      onSegment: (segment) =>
        this.ctx.emit({ type: 'job_segment', timestamp: Date.now(), jobId: this.jobId, segment }),
    });
  }

  private onPieceProgress(done: number, total: number, durationMs: number): void {
    this.durationMs = durationMs;
    const percent = Math.floor((done / total) * 100);
    const now = Date.now();
    if (percent > this.progress || done === 0) {
      this.progress = Math.max(this.progress, percent);
      this.ctx.store.recordProgress(this.jobId, this.ctx.owner.id, this.progress, durationMs, now);
    }
    this.ctx.emit({
      type: 'job_progress',
      timestamp: now,
      jobId: this.jobId,
      progress: this.progress,
      durationMs,
      pieces: { done, total },
    });
  }

  private onProgress(percent: number, totalMs: number | null): void {
    this.armStallTimer();
    if (totalMs !== null) this.durationMs = totalMs;
    if (percent <= this.progress) return;
    this.progress = percent;
    const now = Date.now();
    if (now - this.progressWrittenAt >= PROGRESS_WRITE_MS || percent === 100) {
      this.progressWrittenAt = now;
      try {
        this.ctx.store.recordProgress(this.jobId, this.ctx.owner.id, percent, this.durationMs, now);
      } catch (error) {
        // Called from the engine's message handler: a throw would be uncaught. The saved progress is
        // only a hint for the next start; the lease heartbeat decides whether the job can go on.
        this.ctx.logger.warn(
          { event: 'job_progress_write_failed', jobId: this.jobId, error: serializeError(error) },
          'saving the job progress failed',
        );
      }
    }
    this.ctx.emit({
      type: 'job_progress',
      timestamp: now,
      jobId: this.jobId,
      progress: percent,
      durationMs: this.durationMs,
    });
  }

  /** A run that makes no progress for stallTimeoutMs (not counting pauses) has a hung engine: stop it. */
  private armStallTimer(): void {
    this.clearStallTimer();
    if (this.paused || !this.lease) return;
    const lease = this.lease;
    this.stallTimer = setTimeout(() => {
      this.stalled = true;
      lease.client.kill();
    }, this.ctx.stallTimeoutMs);
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private describe(error: unknown): SerializedError {
    const serialized = serializeError(error);
    if (this.stalled) {
      return {
        kind: 'engine_timeout',
        message: `${this.job.source}: the speech engine stopped making progress and was restarted`,
        hint: 'The file is tried again automatically.',
      };
    }
    return serialized;
  }

  private finishFailed(error: SerializedError): void {
    const { store, owner, retry } = this.ctx;
    const now = Date.now();
    if (this.interruption === 'cancelled' || this.interruption === 'lease_lost') {
      this.emitCurrent();
      return;
    }
    if (this.interruption === 'stopping') {
      const released = store.release(this.jobId, owner.id, now);
      if (released) this.ctx.emit({ type: 'job_updated', timestamp: now, job: released });
      return;
    }
    const transient = isTransient(error.kind);
    const retryAt =
      transient && this.claim.attemptInRun < retry.maxAttempts
        ? now + backoffMs(this.claim.attemptInRun, retry)
        : null;
    const failure: JobFailure = { kind: error.kind, message: error.message, transient };
    if (error.hint !== undefined) failure.hint = error.hint;
    this.ctx.logger.warn(
      { jobId: this.jobId, source: this.job.source, attempt: this.claim.attemptInRun, retryAt, error },
      'file job attempt failed',
    );
    const failed = store.fail(this.jobId, owner.id, failure, retryAt, now);
    if (failed) this.ctx.emit({ type: 'job_updated', timestamp: now, job: failed });
    else this.emitCurrent();
  }

  /** Outputs reserved by this attempt but never written are removed, so their names are free again. */
  private async forgetEmptyOutputs(reserved: JobOutput[]): Promise<void> {
    const kept: JobOutput[] = [];
    for (const output of reserved) {
      const size = await stat(output.path).then(
        (info) => info.size,
        () => -1,
      );
      if (size === 0) await rm(output.path, { force: true });
      else if (size > 0) kept.push(output);
    }
    if (reserved.length > 0) this.ctx.store.planOutputs(this.jobId, this.ctx.owner.id, kept);
  }

  private emitCurrent(): void {
    const job = this.ctx.store.get(this.jobId);
    if (job) this.ctx.emit({ type: 'job_updated', timestamp: Date.now(), job });
  }

  private logEngineCall(call: string, error: unknown): void {
    this.ctx.logger.warn({ jobId: this.jobId, error: serializeError(error) }, `engine ${call} failed`);
  }
}

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { AppError, serializeError } from '../../shared/errors.js';
import type { JobCommand } from '../../shared/jobs.js';
import {
  JobOptions,
  type Job,
  type JobCommandResult,
  type JobEvent,
  type JobQueueStatus,
  type RejectedFile,
} from '../../shared/jobs.js';
import { silentLogger } from '../logging/logger.js';
import type { Database } from '../storage/database.js';
import { checkSource } from './check-source.js';
import { concurrencyLimits, threadsForNextJob, type ConcurrencyLimits } from './concurrency.js';
import { DictationPriority } from './dictation-priority.js';
import { EnginePool, forkedEngineFactory, type EngineFactory } from './engine-pool.js';
import { JobRun, type RunContext } from './job-run.js';
import { JobStore, type NewJob } from './job-store.js';
import { newLeaseOwner, type LeaseOwner } from './lease-owner.js';
import { PieceRouting } from './pieces/piece-routing.js';
import type { PieceOptionsSource, PieceQueueOptions, PieceRunner } from './pieces/piece-setup.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { EngineMemoryBudget } from './engine-memory-budget.js';

export interface JobQueueOptions {
  /** The app's database (openDatabase): jobs live next to the history. */
  db: Database;
  /** Starts one engine process; the default forks the engine under Node (the app passes a utility process). */
  engineFactory?: EngineFactory;
  logger?: Logger;
  /** Cores the jobs share (default: os.availableParallelism()), most jobs at once, threads per job. */
  limits?: Partial<ConcurrencyLimits>;
  retry?: Partial<RetryPolicy>;
  /** Shared with the dictation pipeline, which calls begin()/end() around each utterance. */
  priority?: DictationPriority;
  /** Settings the add_files command falls back on (the model path, formats, output folder, ...). */
  defaults?: () => Partial<JobOptions>;
  /** How long a claimed job stays claimed without a renewal (a crashed holder is detected sooner). */
  leaseMs?: number;
  /** Shown in the window: problems no job event carries (a database that refuses the lease renewal). */
  notify?: (message: string, hint?: string) => void;
  /** A running job whose engine reports nothing for this long is restarted. */
  stallTimeoutMs?: number;
  /** An engine with no job for this long is stopped to give its memory back. */
  engineIdleMs?: number;
  /** Memory the job engines may use together; each holds its own copy of the model. */
  memoryBudgetBytes?: number;
  /**
   * Jobs in pieces over the local engine and remote servers (long files split at pauses): fixed options,
   * or a source read again as each job starts (the app's settings.remote).
   */
  pieces?: PieceQueueOptions | PieceOptionsSource;
}

export interface AddFilesResult {
  added: Job[];
  rejected: RejectedFile[];
}

type Listener = (event: JobEvent) => void;

/**
 * The file transcription queue. Jobs are rows in SQLite, so they survive restarts and crashes; a job is
 * run by whoever holds its lease, so two queues on one database never run the same job at once. Updates
 * are pushed to subscribers as JobEvents. Runs under plain Node (no Electron import).
 */
export class JobQueue {
  readonly priority: DictationPriority;
  readonly limits: ConcurrencyLimits;
  private readonly store: JobStore;
  private readonly pool: EnginePool;
  private readonly owner: LeaseOwner = newLeaseOwner();
  private readonly logger: Logger;
  private readonly retryPolicy: RetryPolicy;
  private readonly leaseMs: number;
  private readonly memory: EngineMemoryBudget;
  private readonly runs = new Map<string, JobRun>();
  private readonly listeners = new Set<Listener>();
  private readonly drainWaiters: (() => void)[] = [];
  private readonly context: RunContext;
  private readonly unwatchPriority: () => void;
  /** Set when jobs may run in pieces over several engines. */
  private readonly routing: PieceRouting | null;
  private pumpQueued = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private lastStatus = '';
  private started = false;
  private closed = false;

  constructor(private readonly options: JobQueueOptions) {
    this.store = new JobStore(options.db);
    this.logger = options.logger ?? silentLogger();
    this.limits = concurrencyLimits(options.limits);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.leaseMs = options.leaseMs ?? 30_000;
    this.memory = new EngineMemoryBudget(options.memoryBudgetBytes ?? os.totalmem() / 2);
    this.pool = new EnginePool(
      options.engineFactory ?? forkedEngineFactory,
      this.logger,
      options.engineIdleMs ?? 60_000,
    );
    this.priority = options.priority ?? new DictationPriority();
    this.unwatchPriority = this.priority.onChange((active) => this.onPriorityChange(active));
    this.context = {
      store: this.store,
      pool: this.pool,
      owner: this.owner,
      logger: this.logger,
      retry: this.retryPolicy,
      leaseMs: this.leaseMs,
      stallTimeoutMs: options.stallTimeoutMs ?? 10 * 60_000,
      emit: (event) => this.emit(event),
      ...(options.notify ? { notify: options.notify } : {}),
    };
    this.routing = options.pieces
      ? new PieceRouting(options.pieces, {
          db: options.db,
          pool: this.pool,
          limits: this.limits,
          logger: this.logger,
          stallTimeoutMs: this.context.stallTimeoutMs,
          onChange: () => this.pumpSoon(),
        })
      : null;
    if (this.routing) {
      this.context.pieces = this.routing;
      this.routing.dispatcher.onRoom(() => this.pumpSoon());
    }
  }

  /** The engines jobs in pieces start on now; null while jobs run whole. */
  get pieceRunner(): PieceRunner | null {
    return this.routing?.runner ?? null;
  }

  /** A pump after the current work, for callbacks that arrive in the middle of one. */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Starts running jobs, those left from an earlier run included. */
  start(): void {
    if (this.closed) throw new AppError('invalid_request', 'The job queue has been closed.');
    this.started = true;
    this.pump();
    // A source's options are read before the first job here, and again as each job starts.
    if (this.routing) void this.routing.refresh().then(() => this.pump());
  }

  /** Stops the engines; running jobs go back to pending (attempt not counted) and run on the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.unwatchPriority();
    for (const run of this.runs.values()) run.stop();
    await Promise.all([...this.runs.values()].map((run) => run.done));
    await this.routing?.close();
    await this.pool.close();
    this.emitStatus();
    this.listeners.clear();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): Job[] {
    return this.store.list();
  }

  get(id: string): Job | null {
    return this.store.get(id);
  }

  status(): JobQueueStatus {
    let threadsInUse = 0;
    for (const run of this.runs.values()) threadsInUse += run.threads;
    return {
      running: this.runs.size,
      pending: this.store.counts(Date.now()).pending,
      maxJobs: this.limits.maxJobs,
      cores: this.limits.cores,
      threadsInUse,
      yieldingToDictation: this.priority.active,
    };
  }

  /** Checks each file at once (missing, folder, empty, not audio: rejected with the reason) and queues the rest. */
  async add(paths: readonly string[], options: Partial<JobOptions> = {}): Promise<AddFilesResult> {
    const parsed = JobOptions.safeParse({ ...this.options.defaults?.(), ...options });
    if (!parsed.success) {
      const missingModel = parsed.error.issues.some((i) => i.path[0] === 'modelPath');
      throw new AppError(
        'invalid_request',
        missingModel
          ? 'No speech model is chosen for file transcription.'
          : `Invalid job options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        missingModel ? { hint: 'Choose or download a model in the Models tab.' } : {},
      );
    }
    const fresh: NewJob[] = [];
    const rejected: RejectedFile[] = [];
    for (const file of paths) {
      try {
        const checked = await checkSource(file);
        fresh.push({
          id: randomUUID(),
          source: checked.path,
          options: parsed.data,
          durationMs: checked.durationMs,
        });
      } catch (error) {
        const { kind, message, hint } = serializeError(error);
        rejected.push({ path: file, kind, message, ...(hint === undefined ? {} : { hint }) });
      }
    }
    const added = fresh.length > 0 ? this.store.insert(fresh, Date.now()) : [];
    for (const job of added) this.emit({ type: 'job_added', timestamp: Date.now(), job });
    this.pump();
    return { added, rejected };
  }

  /** Works in every state but completed: a running job's transcription is aborted within milliseconds. */
  cancel(id: string): Job {
    const job = this.store.cancel(id, Date.now());
    this.runs.get(id)?.cancel();
    this.emit({ type: 'job_updated', timestamp: Date.now(), job });
    this.pump();
    return job;
  }

  /** Runs a failed or cancelled job again, with a fresh budget of automatic retries. */
  retry(id: string): Job {
    const job = this.store.retry(id, Date.now());
    this.emit({ type: 'job_updated', timestamp: Date.now(), job });
    this.pump();
    return job;
  }

  remove(id: string): void {
    if (this.store.get(id)?.state === 'processing') this.cancel(id);
    this.store.remove(id);
    this.emit({ type: 'job_removed', timestamp: Date.now(), jobId: id });
    this.pump();
  }

  /** Forgets completed jobs (their output files stay). */
  clearCompleted(): string[] {
    const removed = this.store.clearCompleted();
    for (const jobId of removed) this.emit({ type: 'job_removed', timestamp: Date.now(), jobId });
    return removed;
  }

  /** Answers a command from the window (validated where it entered main, with the app request). */
  async handle(command: JobCommand): Promise<JobCommandResult> {
    switch (command.type) {
      case 'add_files':
        return { type: 'add_files', ...(await this.add(command.paths, command.options)) };
      case 'cancel':
        return { type: 'cancel', job: this.cancel(command.jobId) };
      case 'retry':
        return { type: 'retry', job: this.retry(command.jobId) };
      case 'remove':
        this.remove(command.jobId);
        return { type: 'remove', jobId: command.jobId };
      case 'clear_completed':
        return { type: 'clear_completed', removed: this.clearCompleted() };
      case 'list':
        return { type: 'list', jobs: this.list(), status: this.status() };
    }
  }

  /** Resolves when no job is pending or running anywhere (this queue or another on the same database). */
  drain(): Promise<void> {
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.checkDrained();
    });
  }

  private checkDrained(): void {
    if (this.drainWaiters.length === 0 || this.runs.size > 0 || this.store.hasUnfinished()) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ error: serializeError(error), event: event.type }, 'job event listener failed');
      }
    }
    if (event.type !== 'queue_status' && event.type !== 'job_progress' && event.type !== 'job_segment') {
      this.emitStatus();
    }
  }

  private emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit({ type: 'queue_status', timestamp: Date.now(), status });
  }

  private onPriorityChange(active: boolean): void {
    if (active) this.routing?.local.pause();
    else this.routing?.local.resume();
    for (const run of this.runs.values()) {
      if (active) run.pause();
      else run.resume();
    }
    this.emitStatus();
    if (!active) this.pump();
  }

  /** Starts as many jobs as the cores, the memory and the dictation gate allow. */
  private pump(): void {
    if (!this.started || this.closed) return;
    if (!this.priority.active) {
      for (;;) {
        const now = Date.now();
        let threadsInUse = 0;
        for (const run of this.runs.values()) threadsInUse += run.threads;
        const runnable = this.store.runnableCount(this.owner, now);
        const runner = this.pieceRunner;
        const threads = runner
          ? this.pieceThreads(runner, runnable)
          : threadsForNextJob(this.limits, { jobs: this.runs.size, threads: threadsInUse }, runnable);
        if (threads === 0) break;
        const claim = this.store.claimNext({
          owner: this.owner,
          now,
          leaseMs: this.leaseMs,
          threads,
          maxAttempts: this.retryPolicy.maxAttempts,
          accept: (options) =>
            this.memory.fits(
              [...this.runs.values()].map((run) => run.modelPath),
              options.modelPath,
            ),
        });
        if (!claim) break;
        if (claim.kind === 'gave_up') {
          this.emit({ type: 'job_updated', timestamp: now, job: claim.job });
          continue;
        }
        this.launch(new JobRun(this.context, claim));
        this.emit({ type: 'job_updated', timestamp: now, job: claim.job });
      }
    }
    this.scheduleWake();
    this.emitStatus();
    this.checkDrained();
  }

  /** In pieces: another job starts while the engines have room beyond the pieces already waiting. */
  private pieceThreads(runner: PieceRunner, runnable: number): number {
    const { dispatcher } = runner;
    if (runnable === 0 || this.runs.size >= dispatcher.capacity() || dispatcher.room() <= 0) return 0;
    return 1;
  }

  private launch(run: JobRun): void {
    this.runs.set(run.jobId, run);
    void run.done
      .catch((error: unknown) =>
        this.logger.error({ jobId: run.jobId, error: serializeError(error) }, 'file job run failed'),
      )
      .finally(() => {
        this.runs.delete(run.jobId);
        this.pump();
      });
  }

  /** Wakes up when a retry falls due or another holder's lease runs out; nothing else needs a timer. */
  private scheduleWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const at = this.store.nextWakeAt(Date.now(), this.owner.id);
    if (at === null) return;
    this.wakeTimer = setTimeout(() => this.pump(), Math.max(0, at - Date.now()) + 20);
  }
}

import type { Logger } from 'pino';
import { AppError, serializeError, type ErrorKind, type SerializedError } from '../../../shared/errors.js';
import type { PieceExecutor, PieceResult, PieceWork } from './piece-executor.js';

export interface DispatchPolicy {
  /** Tries of one piece on one engine before it goes elsewhere (default 2). */
  triesPerEngine: number;
  /** Back-off before the same engine is tried again: base, 2 x base, ... (default 500 ms). */
  backoffMs: number;
}

export interface DispatchedResult extends PieceResult {
  /** Which engine produced it. */
  engine: string;
}

interface Task {
  work: PieceWork;
  label: string;
  excluded: Set<PieceExecutor>;
  tries: Map<PieceExecutor, number>;
  /** When each engine may try this piece again (back-off). */
  notBefore: Map<PieceExecutor, number>;
  errors: { engine: string; error: SerializedError }[];
  resolve: (result: DispatchedResult) => void;
  reject: (error: unknown) => void;
}

/** Failures of the file itself: no other engine would do better. */
const FILE_FAULTS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'audio_not_found',
  'audio_unsupported',
  'audio_corrupt',
  'audio_empty',
  'audio_too_long',
  'invalid_request',
]);
/** Failures an engine will repeat every time: tried once there, then elsewhere. */
const FINAL_FOR_ENGINE: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'remote_tls',
  'remote_auth',
  'remote_rejected',
  'model_not_found',
  'model_invalid',
]);

/**
 * Hands pieces to engines: every healthy engine (the local one and each remote) runs up to its
 * capacity, the least loaded first. A piece that fails on an engine for the engine's reasons is retried
 * there with back-off, then goes to another engine; each piece is with one engine at a time and its
 * result is delivered once. A piece that no engine could do fails with every engine's reason.
 */
export class PieceDispatcher {
  private readonly queue: Task[] = [];
  private readonly busy = new Map<PieceExecutor, number>();
  private readonly roomListeners = new Set<() => void>();
  private readonly watched = new WeakSet<PieceExecutor>();
  private timer: NodeJS.Timeout | null = null;
  private policy: DispatchPolicy = { triesPerEngine: 2, backoffMs: 500 };
  private current: readonly PieceExecutor[] = [];

  constructor(
    executors: readonly PieceExecutor[],
    private readonly logger: Logger,
    policy: Partial<DispatchPolicy> = {},
  ) {
    this.configure(executors, policy);
  }

  get executors(): readonly PieceExecutor[] {
    return this.current;
  }

  /**
   * The engines waiting pieces go to from now on (the settings changed). A piece already running on an
   * engine that left the list finishes there and is delivered once, as any other.
   */
  configure(executors: readonly PieceExecutor[], policy: Partial<DispatchPolicy> = {}): void {
    this.current = [...executors];
    this.policy = { triesPerEngine: 2, backoffMs: 500, ...policy };
    for (const executor of executors) {
      if (this.watched.has(executor)) continue;
      this.watched.add(executor);
      executor.onChange(() => this.pump());
    }
    if (this.queue.length > 0) this.pump();
  }

  /** Engines pieces go to now: those up; when every one is down, the remotes anyway (to find out). */
  private usable(): PieceExecutor[] {
    const up = this.executors.filter((e) => e.available());
    return up.length > 0 ? up : this.executors.filter((e) => e.kind === 'remote');
  }

  /** Pieces that could start now beyond those waiting (the job queue claims jobs while this is > 0). */
  room(): number {
    let free = 0;
    for (const executor of this.usable()) free += executor.capacity - (this.busy.get(executor) ?? 0);
    return free - this.queue.length;
  }

  /** Most pieces at once over the engines in use. */
  capacity(): number {
    return this.usable().reduce((sum, e) => sum + e.capacity, 0);
  }

  /** Called whenever room may have opened (a piece finished, an engine came back). */
  onRoom(listener: () => void): () => void {
    this.roomListeners.add(listener);
    return () => this.roomListeners.delete(listener);
  }

  submit(work: PieceWork, label: string): Promise<DispatchedResult> {
    return new Promise<DispatchedResult>((resolve, reject) => {
      if (work.signal.aborted) {
        reject(new AppError('aborted', `${label}: cancelled`));
        return;
      }
      const task: Task = {
        work,
        label,
        excluded: new Set(),
        tries: new Map(),
        notBefore: new Map(),
        errors: [],
        resolve,
        reject,
      };
      work.signal.addEventListener('abort', () => {
        const index = this.queue.indexOf(task);
        if (index >= 0) {
          this.queue.splice(index, 1);
          reject(new AppError('aborted', `${label}: cancelled`));
        }
      });
      this.queue.push(task);
      this.pump();
    });
  }

  private pick(task: Task, now: number): PieceExecutor | null {
    const eligible = this.executors.filter((e) => !task.excluded.has(e));
    // While some eligible engine is up, down ones wait; when all are down, one is tried anyway.
    const up = eligible.filter((e) => e.available());
    const pool = up.length > 0 ? up : eligible.filter((e) => e.kind === 'remote');
    let best: PieceExecutor | null = null;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const executor of pool) {
      const busy = this.busy.get(executor) ?? 0;
      if (busy >= executor.capacity || (task.notBefore.get(executor) ?? 0) > now) continue;
      const load = busy / executor.capacity;
      if (load < bestLoad) {
        best = executor;
        bestLoad = load;
      }
    }
    return best;
  }

  private pump(): void {
    const now = Date.now();
    for (let i = 0; i < this.queue.length;) {
      const task = this.queue[i] as Task;
      if (this.executors.every((e) => task.excluded.has(e))) {
        this.queue.splice(i, 1);
        task.reject(this.exhausted(task));
        continue;
      }
      const executor = this.pick(task, now);
      if (!executor) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(task, executor);
    }
    this.scheduleRetry(now);
    if (this.room() > 0) for (const listener of this.roomListeners) listener();
  }

  private start(task: Task, executor: PieceExecutor): void {
    this.busy.set(executor, (this.busy.get(executor) ?? 0) + 1);
    const tries = (task.tries.get(executor) ?? 0) + 1;
    task.tries.set(executor, tries);
    executor.run(task.work).then(
      (result) => {
        this.busy.set(executor, (this.busy.get(executor) ?? 1) - 1);
        executor.noteOutcome(true);
        task.resolve({ ...result, engine: executor.name });
        this.pump();
      },
      (error: unknown) => {
        this.busy.set(executor, (this.busy.get(executor) ?? 1) - 1);
        this.failed(task, executor, tries, error);
        this.pump();
      },
    );
  }

  private failed(task: Task, executor: PieceExecutor, tries: number, error: unknown): void {
    const serialized = serializeError(error);
    if (task.work.signal.aborted || serialized.kind === 'aborted') {
      task.reject(new AppError('aborted', `${task.label}: cancelled`));
      return;
    }
    if (FILE_FAULTS.has(serialized.kind)) {
      task.reject(error);
      return;
    }
    executor.noteOutcome(false, error);
    task.errors.push({ engine: executor.name, error: serialized });
    const again = !FINAL_FOR_ENGINE.has(serialized.kind) && tries < this.policy.triesPerEngine;
    this.logger.warn(
      { event: 'piece_failed', piece: task.label, engine: executor.name, tries, again, error: serialized },
      'a piece failed on an engine',
    );
    if (again) task.notBefore.set(executor, Date.now() + this.policy.backoffMs * 2 ** (tries - 1));
    else task.excluded.add(executor);
    this.queue.unshift(task);
  }

  /** Every engine gave up on the piece: one error with each engine's reason. */
  private exhausted(task: Task): AppError {
    const last = task.errors.at(-1)?.error;
    const reasons = task.errors.map((e) => `${e.engine}: ${e.error.message}`);
    const unique = [...new Set(reasons)];
    return new AppError(
      last?.kind ?? 'internal',
      `${task.label}: no engine could transcribe it (${unique.join('; ')})`,
      {
        ...(last?.hint ? { hint: last.hint } : {}),
      },
    );
  }

  private scheduleRetry(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.queue)
      for (const at of task.notBefore.values()) if (at > now) next = Math.min(next, at);
    if (next === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(() => this.pump(), next - now + 5);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    for (const task of this.queue.splice(0))
      task.reject(new AppError('aborted', `${task.label}: the queue is closing`));
    await Promise.all(this.executors.map((e) => e.close()));
  }
}

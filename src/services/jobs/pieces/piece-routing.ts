import type { Logger } from 'pino';
import { OpenAiTranscriptionClient } from '../../remote-engines/openai-transcription-client.js';
import type { Database } from '../../storage/database.js';
import type { ConcurrencyLimits } from '../concurrency.js';
import type { EnginePool } from '../engine-pool.js';
import { LocalExecutor } from './local-executor.js';
import { PieceDispatcher } from './piece-dispatcher.js';
import type { PieceExecutor } from './piece-executor.js';
import type {
  PieceOptionsSource,
  PieceQueueOptions,
  PieceRouter,
  PieceRunner,
  RemoteEngineSpec,
} from './piece-setup.js';
import { PieceStore } from './piece-store.js';
import { RemoteExecutor } from './remote-executor.js';
import { SpeechPauses } from './speech-pauses.js';

export interface PieceRoutingDeps {
  db: Database;
  pool: EnginePool;
  limits: ConcurrencyLimits;
  logger: Logger;
  stallTimeoutMs: number;
  /** A change from the source was applied (the queue looks again: there may be room now). */
  onChange?: () => void;
}

/** A remote engine is the same executor (its up/down state kept) while everything that reaches it is. */
function remoteKey(spec: RemoteEngineSpec, options: PieceQueueOptions): string {
  const { id, name, baseUrl, model, concurrency } = spec.config;
  return JSON.stringify([
    id,
    name,
    baseUrl,
    model,
    concurrency,
    spec.apiKey ?? null,
    options.remoteTimeoutMs,
    options.remote,
  ]);
}

/**
 * The queue's engines for jobs in pieces, following their options as they change: one dispatcher, the
 * local engine and one executor per remote, re-read when a job starts (and when the source says so).
 * A change applies to the pieces that start after it: a piece running on a server that was removed
 * finishes there and is recorded once under the job's lease; the pieces still waiting go to the engines
 * as they are now. Options that turn pieces off leave the waiting pieces to the local engine.
 */
export class PieceRouting implements PieceRouter {
  readonly store: PieceStore;
  readonly dispatcher: PieceDispatcher;
  readonly local: LocalExecutor;
  readonly speech: SpeechPauses;
  private readonly source: PieceOptionsSource;
  private remotes = new Map<string, RemoteExecutor>();
  private current: PieceRunner | null = null;
  private applying: Promise<PieceRunner | null> = Promise.resolve(null);
  private readonly unwatch: (() => void) | undefined;

  constructor(
    pieces: PieceQueueOptions | PieceOptionsSource,
    private readonly deps: PieceRoutingDeps,
  ) {
    this.store = new PieceStore(deps.db);
    this.speech = new SpeechPauses(deps.pool, deps.logger);
    this.local = new LocalExecutor(deps.pool, 1, 1, deps.stallTimeoutMs);
    this.dispatcher = new PieceDispatcher([], deps.logger);
    if ('read' in pieces) {
      this.source = pieces;
      this.apply(null);
    } else {
      // Fixed options (the CLI, tests): in force from the start.
      this.source = { read: () => Promise.resolve(pieces) };
      this.apply(pieces);
    }
    this.unwatch = this.source.onChange?.(() => void this.refresh().then(() => this.deps.onChange?.()));
  }

  /** The runner as last read; null while jobs run whole. */
  get runner(): PieceRunner | null {
    return this.current;
  }

  refresh(): Promise<PieceRunner | null> {
    // One read at a time, applied in order, so an older read never undoes a newer one.
    const next = this.applying.then(async () => this.apply(await this.read()));
    this.applying = next.catch(() => this.current);
    return next;
  }

  forget(jobId: string): void {
    this.store.forget(jobId);
    this.speech.forget(jobId);
  }

  async close(): Promise<void> {
    this.unwatch?.();
    await this.dispatcher.close();
    await this.local.close();
    await Promise.all([...this.remotes.values()].map((r) => r.close()));
  }

  private async read(): Promise<PieceQueueOptions | null> {
    try {
      return await this.source.read();
    } catch (error) {
      this.deps.logger.warn({ event: 'piece_options_unreadable', error }, 'remote engine options unreadable');
      return null;
    }
  }

  private apply(options: PieceQueueOptions | null): PieceRunner | null {
    const { limits } = this.deps;
    const localConcurrency = options ? (options.localConcurrency ?? limits.maxJobs) : limits.maxJobs;
    const remotes = options ? this.remotesFor(options) : [];
    this.local.configure(
      Math.max(1, localConcurrency),
      Math.max(
        1,
        Math.min(limits.maxThreadsPerJob, Math.floor(limits.cores / Math.max(1, localConcurrency))),
      ),
    );
    const executors: PieceExecutor[] = [...(localConcurrency > 0 ? [this.local] : []), ...remotes];
    if (!options || executors.length === 0) {
      // Jobs run whole; pieces of jobs already running in pieces finish on the local engine.
      this.dispatcher.configure([this.local]);
      this.current = null;
      return null;
    }
    this.dispatcher.configure(executors, options.dispatch);
    this.current = {
      dispatcher: this.dispatcher,
      store: this.store,
      split: options.split ?? {},
      speech: this.speech,
      local: localConcurrency > 0 ? this.local : null,
      remotes,
    };
    return this.current;
  }

  /** The remote executors for these options: unchanged ones kept, the others closed (their running pieces go on). */
  private remotesFor(options: PieceQueueOptions): RemoteExecutor[] {
    const next = new Map<string, RemoteExecutor>();
    for (const spec of options.remotes) {
      const key = remoteKey(spec, options);
      next.set(key, this.remotes.get(key) ?? next.get(key) ?? this.createRemote(spec, options));
    }
    for (const [key, executor] of this.remotes) if (!next.has(key)) void executor.close();
    this.remotes = next;
    return [...next.values()];
  }

  private createRemote(spec: RemoteEngineSpec, options: PieceQueueOptions): RemoteExecutor {
    const client = new OpenAiTranscriptionClient(
      { name: spec.config.name, baseUrl: spec.config.baseUrl, model: spec.config.model, apiKey: spec.apiKey },
      options.remoteTimeoutMs ? { timeoutMs: options.remoteTimeoutMs } : {},
    );
    return new RemoteExecutor(
      spec.config.id,
      client,
      spec.config.concurrency,
      this.deps.logger,
      options.remote ?? {},
    );
  }
}

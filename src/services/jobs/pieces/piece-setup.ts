import type { Logger } from 'pino';
import type { SplitOptions } from '../../../audio/silence-split.js';
import type { RemoteEngineConfig } from '../../../shared/remote-engines.js';
import { OpenAiTranscriptionClient } from '../../remote-engines/openai-transcription-client.js';
import type { Database } from '../../storage/database.js';
import type { ConcurrencyLimits } from '../concurrency.js';
import type { EnginePool } from '../engine-pool.js';
import { LocalExecutor } from './local-executor.js';
import { PieceDispatcher, type DispatchPolicy } from './piece-dispatcher.js';
import type { PieceExecutor } from './piece-executor.js';
import { PieceStore } from './piece-store.js';
import { RemoteExecutor, type RemoteExecutorOptions } from './remote-executor.js';

export interface RemoteEngineSpec {
  config: Pick<RemoteEngineConfig, 'id' | 'name' | 'baseUrl' | 'model' | 'concurrency'>;
  /** From the secret store (the app) or an environment variable (the CLI); never from settings.json. */
  apiKey?: string | undefined;
}

/** File jobs in pieces over the local engine and remote servers (JobQueueOptions.pieces). */
export interface PieceQueueOptions {
  remotes: readonly RemoteEngineSpec[];
  /** Pieces the local engine runs at once; 0 leaves everything to the remotes (default: the queue's maxJobs). */
  localConcurrency?: number;
  /** Where long files are cut (default: about 60 s pieces at pauses). */
  split?: SplitOptions;
  dispatch?: Partial<DispatchPolicy>;
  /** Per-request deadline of a remote piece (default 120 s). */
  remoteTimeoutMs?: number;
  remote?: Omit<RemoteExecutorOptions, 'timeoutMs'>;
}

export interface PieceRunner {
  dispatcher: PieceDispatcher;
  store: PieceStore;
  split: SplitOptions;
  local: LocalExecutor | null;
  remotes: RemoteExecutor[];
}

export function createPieceRunner(
  options: PieceQueueOptions,
  deps: { db: Database; pool: EnginePool; limits: ConcurrencyLimits; logger: Logger; stallTimeoutMs: number },
): PieceRunner {
  const localConcurrency = options.localConcurrency ?? deps.limits.maxJobs;
  const local =
    localConcurrency > 0
      ? new LocalExecutor(
          deps.pool,
          localConcurrency,
          Math.max(
            1,
            Math.min(deps.limits.maxThreadsPerJob, Math.floor(deps.limits.cores / localConcurrency)),
          ),
          deps.stallTimeoutMs,
        )
      : null;
  const remotes = options.remotes.map(
    (spec) =>
      new RemoteExecutor(
        spec.config.id,
        new OpenAiTranscriptionClient(
          {
            name: spec.config.name,
            baseUrl: spec.config.baseUrl,
            model: spec.config.model,
            apiKey: spec.apiKey,
          },
          options.remoteTimeoutMs ? { timeoutMs: options.remoteTimeoutMs } : {},
        ),
        spec.config.concurrency,
        deps.logger,
        options.remote ?? {},
      ),
  );
  const executors: PieceExecutor[] = [...(local ? [local] : []), ...remotes];
  return {
    dispatcher: new PieceDispatcher(executors, deps.logger, options.dispatch),
    store: new PieceStore(deps.db),
    split: options.split ?? {},
    local,
    remotes,
  };
}

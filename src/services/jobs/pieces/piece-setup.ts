import type { SplitOptions } from '../../../audio/silence-split.js';
import type { RemoteEngineConfig } from '../../../shared/remote-engines.js';
import type { LocalExecutor } from './local-executor.js';
import type { DispatchPolicy, PieceDispatcher } from './piece-dispatcher.js';
import type { PieceStore } from './piece-store.js';
import type { RemoteExecutor, RemoteExecutorOptions } from './remote-executor.js';
import type { SpeechPauses } from './speech-pauses.js';

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

/**
 * Piece options that change while the queue runs (the app's settings.remote): read again when each job
 * starts, so a server added, removed or changed in Settings is used from the next job on.
 */
export interface PieceOptionsSource {
  /** The options for the job that starts now; null: it runs whole on the local engine. */
  read(): Promise<PieceQueueOptions | null>;
  /** Called when the options may have changed (the queue looks again at once rather than at the next job). */
  onChange?(listener: () => void): () => void;
}

/** What one job in pieces runs on: the engines as they were when it started. */
export interface PieceRunner {
  dispatcher: PieceDispatcher;
  store: PieceStore;
  split: SplitOptions;
  speech: SpeechPauses;
  local: LocalExecutor | null;
  remotes: RemoteExecutor[];
}

/** What a job run asks of the queue's pieces (PieceRouting). */
export interface PieceRouter {
  /** Reads the options again; the runner for a job that starts now, null to run it whole. */
  refresh(): Promise<PieceRunner | null>;
  /** The job completed: its recorded pieces are dropped. */
  forget(jobId: string): void;
}

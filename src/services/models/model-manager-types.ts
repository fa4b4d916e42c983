import type { Logger } from 'pino';
import type {
  CatalogEntry,
  DownloadProgress,
  InstalledModel,
  MachineProfile,
  ModelEvent,
} from '../../shared/models.js';
import type { RetryPolicy } from './retry.js';

/** The model manager's options, results and handles (model-manager.ts). */
export interface ModelManagerOptions {
  modelsDir: string;
  /** The user's mirror setting (a base URL replacing Hugging Face). */
  mirrorUrl?: string | undefined;
  /** Read for DICTATION_MODEL_MIRROR. */
  env?: NodeJS.ProcessEnv;
  catalog?: readonly CatalogEntry[];
  machine?: MachineProfile;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** No response or no data for this long is a failed attempt (default 30 s). */
  stallTimeoutMs?: number;
  /** Less than this per second over a stall window is a failed attempt too (default 1 KiB/s). */
  minBytesPerSecond?: number;
  /** The most a download of unknown size may write (default 8 GiB, above any whisper.cpp model). */
  maxDownloadBytes?: number;
  /** Least time between two progress events of one download (default 250 ms). */
  progressIntervalMs?: number;
  /**
   * Whether the active model is loaded and in use right now. Removing the active model is refused
   * while this returns true; without it the active model counts as in use.
   */
  isActiveModelInUse?: () => boolean;
}

export type ModelDownloadResult =
  | { status: 'completed'; model: InstalledModel; verified: { size: boolean; sha256: boolean } }
  | { status: 'already_installed'; model: InstalledModel; verified: { size: boolean; sha256: boolean } }
  | { status: 'paused'; progress: DownloadProgress }
  | { status: 'cancelled' };

export interface DownloadHandle {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly url: string;
  /** Settles when the download completes, pauses or is cancelled; rejects with an AppError. */
  readonly result: Promise<ModelDownloadResult>;
  progress(): DownloadProgress;
  pause(): boolean;
  cancel(): boolean;
}

export type ModelEventListener = (event: ModelEvent) => void;

import { create } from 'zustand';
import type { AppEvent } from '../../shared/app-protocol.js';
import type { SerializedError } from '../../shared/errors.js';
import type { CatalogEntry, DownloadProgress, InstalledModel } from '../../shared/models.js';
import type { VadModelStatus } from '../../shared/setup.js';

export interface RetryNote {
  attempt: number;
  maxAttempts: number;
  reason: string;
}

export interface ModelsState {
  loaded: boolean;
  catalog: CatalogEntry[];
  installed: InstalledModel[];
  /** The catalog name recommended for this machine. */
  recommended: string | null;
  /** Why that one: this machine's cores and memory against what the model needs. */
  recommendedReason: string | null;
  /** Running, paused and failed downloads by id (the target file name), the VAD model's included. */
  downloads: Record<string, DownloadProgress>;
  failures: Record<string, SerializedError>;
  retries: Record<string, RetryNote>;
  vad: VadModelStatus | null;
  /** The first-run setup is on screen. */
  setupOpen: boolean;
}

export const initialModelsState: ModelsState = {
  loaded: false,
  catalog: [],
  installed: [],
  recommended: null,
  recommendedReason: null,
  downloads: {},
  failures: {},
  retries: {},
  vad: null,
  setupOpen: false,
};

/** The name the app gives the Silero VAD model's download. */
export const VAD_DOWNLOAD_NAME = 'silero-vad';

export const useModelsStore = create<ModelsState>()(() => initialModelsState);

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};

const upsert = (installed: InstalledModel[], model: InstalledModel): InstalledModel[] => [
  ...installed.filter((m) => m.file !== model.file),
  model,
];

/** What one model or VAD event changes (pure: the unit tests check it directly). */
export function applyModelEvent(state: ModelsState, event: AppEvent): Partial<ModelsState> {
  switch (event.type) {
    case 'models_listed':
      return {
        loaded: true,
        catalog: event.catalog,
        installed: event.installed,
        recommended: event.recommended,
        recommendedReason: event.recommendedReason ?? null,
        downloads: {
          ...Object.fromEntries(Object.entries(state.downloads).filter(([, d]) => d.state === 'failed')),
          ...Object.fromEntries(event.downloads.map((d) => [d.downloadId, d])),
        },
      };
    case 'download_progress':
    case 'download_paused': {
      const id = event.progress.downloadId;
      const retrying = event.progress.state === 'retrying';
      return {
        downloads: { ...state.downloads, [id]: event.progress },
        failures: without(state.failures, id),
        retries: retrying ? state.retries : without(state.retries, id),
      };
    }
    case 'download_retrying': {
      const current = state.downloads[event.downloadId];
      return {
        retries: {
          ...state.retries,
          [event.downloadId]: {
            attempt: event.attempt,
            maxAttempts: event.maxAttempts,
            reason: event.reason,
          },
        },
        ...(current
          ? { downloads: { ...state.downloads, [event.downloadId]: { ...current, state: 'retrying' } } }
          : {}),
      };
    }
    case 'download_completed':
      return {
        downloads: without(state.downloads, event.downloadId),
        failures: without(state.failures, event.downloadId),
        retries: without(state.retries, event.downloadId),
        installed: upsert(state.installed, event.model),
      };
    case 'download_cancelled':
      return {
        downloads: without(state.downloads, event.downloadId),
        failures: without(state.failures, event.downloadId),
        retries: without(state.retries, event.downloadId),
      };
    case 'download_failed': {
      const current = state.downloads[event.downloadId];
      return {
        failures: { ...state.failures, [event.downloadId]: event.error },
        retries: without(state.retries, event.downloadId),
        ...(current
          ? { downloads: { ...state.downloads, [event.downloadId]: { ...current, state: 'failed' } } }
          : {}),
      };
    }
    case 'model_imported':
      return { installed: upsert(state.installed, event.model) };
    case 'model_removed':
      return { installed: state.installed.filter((m) => m.name !== event.name) };
    case 'active_model_changed':
      return {
        installed: state.installed.map((m) => ({ ...m, active: m.file === event.model?.file })),
      };
    case 'vad_status_changed': {
      if (event.status.state === 'downloading') return { vad: event.status };
      // Its download card has done its job: the status now says installed, or why not.
      const vadIds = Object.values(state.downloads)
        .filter((d) => d.name === VAD_DOWNLOAD_NAME)
        .map((d) => d.downloadId);
      const keep = <T>(record: Record<string, T>) =>
        Object.fromEntries(Object.entries(record).filter(([id]) => !vadIds.includes(id)));
      return { vad: event.status, downloads: keep(state.downloads), failures: keep(state.failures) };
    }
    default:
      return {};
  }
}

/** Forgets a failed download the user has read about. */
export function dismissFailure(downloadId: string): void {
  useModelsStore.setState((state) => ({
    failures: without(state.failures, downloadId),
    downloads:
      state.downloads[downloadId]?.state === 'failed'
        ? without(state.downloads, downloadId)
        : state.downloads,
  }));
}

import { useEffect } from 'react';
import { create } from 'zustand';
import type { AppEvent } from '../../shared/app-protocol.js';
import type { SerializedError } from '../../shared/errors.js';
import type { DownloadProgress } from '../../shared/models.js';
import type { WakeModelsStatus } from '../../shared/wake-models.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

export interface WakeModelsState {
  status: WakeModelsStatus | null;
  /** The running download's files by file name. */
  progress: Record<string, DownloadProgress>;
}

export const useWakeModelsStore = create<WakeModelsState>()(() => ({ status: null, progress: {} }));

/** What one event changes (pure). */
function applyWakeModelEvent(state: WakeModelsState, event: AppEvent): Partial<WakeModelsState> {
  if (event.type === 'wake_model_progress') {
    return { progress: { ...state.progress, [event.progress.file]: event.progress } };
  }
  if (event.type === 'wake_models_changed') {
    // A finished (or failed) install leaves no progress to show; the status says installed, or why not.
    return { status: event.status, progress: event.status.downloading.length > 0 ? state.progress : {} };
  }
  return {};
}

/** Loads the wake phrase models once connected and follows their events while mounted. */
export function useWakeModelsSync(): void {
  const client = useAppStore((state) => (state.connection.status === 'ready' ? state.client : null));
  const available = useAppStore((state) => state.features.wakeModels === true);
  useEffect(() => {
    if (!client || !available) return;
    const unsubscribe = client.subscribe((event) => {
      const change = applyWakeModelEvent(useWakeModelsStore.getState(), event);
      if (Object.keys(change).length > 0) useWakeModelsStore.setState(change);
    });
    void invoke({ type: 'wake_models_list' }).then((response) => {
      if (response.ok) useWakeModelsStore.setState({ status: response.payload });
    });
    return unsubscribe;
  }, [client, available]);
}

async function answer(
  response: Promise<{ ok: true; payload: WakeModelsStatus } | { ok: false; error: SerializedError }>,
): Promise<SerializedError | null> {
  const result = await response;
  if (!result.ok) return result.error;
  useWakeModelsStore.setState({ status: result.payload });
  return null;
}

export const installWakePhrase = (id: string, acceptLicence: boolean) =>
  answer(invoke({ type: 'wake_model_install', request: { id, acceptLicence } }));

export const importWakeModel = (path: string) => answer(invoke({ type: 'wake_model_import', path }));

export const removeWakePhrase = (id: string) => answer(invoke({ type: 'wake_model_remove', id }));

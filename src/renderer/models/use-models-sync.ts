import { useEffect } from 'react';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';
import { activeModel } from './active-model.js';
import { modelCommand } from './model-commands.js';
import { applyModelEvent, useModelsStore } from './models-state.js';

/**
 * Keeps the models state in step with the app: loads the catalog, the installed models and the VAD
 * model's status once connected, then applies every model event. The first model that arrives while
 * none is usable becomes the active one, so a new user's first download is the one dictation uses.
 */
export function useModelsSync(): void {
  const client = useAppStore((state) => (state.connection.status === 'ready' ? state.client : null));
  const models = useAppStore((state) => state.features.models);
  const setup = useAppStore((state) => state.features.setup === true);
  useEffect(() => {
    if (!client || !models) return;
    const unsubscribe = client.subscribe((event) => {
      const before = useModelsStore.getState();
      const change = applyModelEvent(before, event);
      if (Object.keys(change).length > 0) useModelsStore.setState(change);
      const arrived =
        event.type === 'download_completed' || event.type === 'model_imported' ? event.model : null;
      if (arrived && !activeModel(before.installed, useAppStore.getState().settings)) {
        void modelCommand({ type: 'use', name: arrived.name });
      }
    });
    void modelCommand({ type: 'list' }).then((outcome) => {
      if (outcome.ok) useModelsStore.setState(applyModelEvent(useModelsStore.getState(), outcome.event));
    });
    if (setup) {
      void invoke({ type: 'vad_status' }).then((response) => {
        if (response.ok) useModelsStore.setState({ vad: response.payload });
      });
    }
    return unsubscribe;
  }, [client, models, setup]);
}

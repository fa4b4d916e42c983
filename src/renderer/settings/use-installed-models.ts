import { useEffect, useState } from 'react';
import type { InstalledModel } from '../../shared/models.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/** Models in the models folder, where the backend has a model manager; null otherwise. */
export function useInstalledModels(): InstalledModel[] | null {
  const available = useAppStore((state) => state.features.models && state.connection.status === 'ready');
  const [models, setModels] = useState<InstalledModel[] | null>(null);
  useEffect(() => {
    if (!available) return;
    let current = true;
    void invoke({ type: 'models', command: { type: 'list', timestamp: Date.now() } }).then((response) => {
      if (current && response.ok && response.payload.type === 'models_listed')
        setModels(response.payload.installed);
    });
    return () => {
      current = false;
    };
  }, [available]);
  return models;
}

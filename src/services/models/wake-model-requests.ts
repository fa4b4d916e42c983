import type { AppHandlers } from '../../shared/app-protocol.js';
import type { WakeModelEvent, WakeModelInstallRequest, WakeModelsStatus } from '../../shared/wake-models.js';
import { requireService } from '../request-handlers.js';

/** Wake phrase models: the openWakeWord catalog, downloads (licence accepted), imports, removal. */
export interface WakeModelsPort {
  status(): Promise<WakeModelsStatus>;
  /** Starts the download (refused unless the licence is accepted); resolves with the status at once. */
  install(request: WakeModelInstallRequest): Promise<WakeModelsStatus>;
  import(file: string): Promise<WakeModelsStatus>;
  remove(id: string): Promise<WakeModelsStatus>;
  subscribe(listener: (event: WakeModelEvent) => void): () => void;
}

export const WAKE_MODEL_REQUESTS = [
  'wake_models_list',
  'wake_model_install',
  'wake_model_import',
  'wake_model_remove',
] as const;

const WAKE = 'Wake phrase models';

/** Models → Wake phrases and the phrase picker in Settings → Wake word. */
export function wakeModelHandlers(
  wakeModels: WakeModelsPort | undefined,
): AppHandlers<(typeof WAKE_MODEL_REQUESTS)[number]> {
  return {
    wake_models_list: () => requireService(wakeModels, WAKE).status(),
    wake_model_install: (request) => requireService(wakeModels, WAKE).install(request.request),
    wake_model_import: (request) => requireService(wakeModels, WAKE).import(request.path),
    wake_model_remove: (request) => requireService(wakeModels, WAKE).remove(request.id),
  };
}

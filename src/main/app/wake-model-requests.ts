import type { AppRequest } from '../../shared/app-protocol.js';
import { AppError } from '../../shared/errors.js';
import type { WakeModelsStatus } from '../../shared/wake-models.js';
import type { WakeModelsPort } from './ports.js';

export type WakeModelRequest = Extract<
  AppRequest,
  { type: 'wake_models_list' | 'wake_model_install' | 'wake_model_import' | 'wake_model_remove' }
>;

/** Models → Wake phrases and the phrase picker in Settings → Wake word. */
export async function routeWakeModelRequest(
  request: WakeModelRequest,
  wakeModels: WakeModelsPort | undefined,
): Promise<WakeModelsStatus> {
  if (!wakeModels) {
    throw new AppError('unavailable', "Wake phrase models are not part of this app's backend.", {
      hint: 'Restart the app; if it repeats, check the log file.',
    });
  }
  switch (request.type) {
    case 'wake_models_list':
      return wakeModels.status();
    case 'wake_model_install':
      return wakeModels.install(request.request);
    case 'wake_model_import':
      return wakeModels.import(request.path);
    case 'wake_model_remove':
      return wakeModels.remove(request.id);
  }
}

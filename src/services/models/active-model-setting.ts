import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { ModelManager } from './model-manager.js';

/**
 * The model manager's choice ("use this model") becomes the speech model setting, which reloads the
 * engine; any other change of the installed models makes the pipeline look again.
 */
export function followActiveModel(
  models: ModelManager,
  settings: SettingsStore,
  modelsChanged: () => void,
  logger: Logger,
): () => void {
  return models.onEvent((event) => {
    if (
      event.type === 'active_model_changed' &&
      event.model &&
      event.model.file !== settings.get().speech.model
    ) {
      settings.update({ speech: { model: event.model.file } }).catch((error: unknown) => {
        logger.error(
          { event: 'active_model_sync_failed', error: serializeError(error) },
          'model choice not saved',
        );
      });
    } else if (
      ['active_model_changed', 'download_completed', 'model_imported', 'model_removed'].includes(event.type)
    ) {
      modelsChanged();
    }
  });
}

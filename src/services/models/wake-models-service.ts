import { AppError, serializeError, type SerializedError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { WakeModelEvent, WakeModelsStatus } from '../../shared/wake-models.js';
import type { WakeModelsPort } from './wake-model-requests.js';
import type { Logger } from '../logging/logger.js';
import { MODEL_MIRROR_ENV } from './catalog.js';
import type { RetryPolicy } from './retry.js';
import { findWakePhrase } from './wake-catalog.js';
import { importWakeModel, installWakePhrase, removeWakePhrase, wakeModelsStatus } from './wake-models.js';
import { logRejection } from '../logging/log-rejection.js';

export interface WakeModelsServiceOptions {
  modelsDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The phrase the wake word uses now: it cannot be removed while chosen. */
  settings: () => Settings;
  /** Downloads' retry policy (tests shorten it). */
  retry?: Partial<RetryPolicy>;
}

/**
 * The wake phrase models behind the window: one download at a time (phrases share the front end),
 * progress and status as events, the licence checked before anything is fetched.
 */
export function createWakeModelsService(options: WakeModelsServiceOptions): WakeModelsPort {
  const logger = options.logger.child({ component: 'wake-models' });
  const listeners = new Set<(event: WakeModelEvent) => void>();
  const downloading: string[] = [];
  let lastError: SerializedError | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const emit = (event: WakeModelEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const status = () => wakeModelsStatus(options.modelsDir, downloading, lastError);
  const announce = async (): Promise<WakeModelsStatus> => {
    const current = await status();
    emit({ type: 'wake_models_changed', timestamp: Date.now(), status: current });
    return current;
  };

  return {
    status,

    async install(request) {
      const entry = findWakePhrase(request.id);
      // Checked here too, so a refusal is the answer rather than a failure event later.
      if (!entry || !request.acceptLicence) {
        await installWakePhrase({ ...request, modelsDir: options.modelsDir, logger });
      }
      if (downloading.includes(request.id)) return status();
      downloading.push(request.id);
      lastError = null;
      const mirror = request.mirror ?? options.env[MODEL_MIRROR_ENV];
      logger.info(
        { event: 'wake_model_install_started', id: request.id, mirror },
        'downloading a wake phrase',
      );
      const run = queue.then(() =>
        installWakePhrase({
          modelsDir: options.modelsDir,
          id: request.id,
          acceptLicence: request.acceptLicence,
          mirror,
          logger,
          ...(options.retry ? { retry: options.retry } : {}),
          onEvent: (event) => {
            if (event.type === 'download_progress') {
              emit({ type: 'wake_model_progress', timestamp: event.timestamp, progress: event.progress });
            }
          },
        }),
      );
      queue = run.catch(() => undefined);
      run
        .then(
          (path) =>
            logger.info({ event: 'wake_model_installed', id: request.id, path }, 'wake phrase installed'),
          (error: unknown) => {
            lastError = serializeError(error);
            logger.warn(
              { event: 'wake_model_install_failed', error: lastError },
              'wake phrase not installed',
            );
          },
        )
        .finally(() => {
          downloading.splice(downloading.indexOf(request.id), 1);
          announce().catch(logRejection(logger, 'wake_models_announce_failed', 'status not sent'));
        });
      return announce();
    },

    async import(file) {
      const target = await importWakeModel(file, options.modelsDir);
      logger.info({ event: 'wake_model_imported', file, target }, 'wake model imported');
      lastError = null;
      return announce();
    },

    async remove(id) {
      const current = await status();
      const phrase = current.phrases.find((p) => p.installed && (p.id === id || p.file === id));
      const chosen = options.settings().wakeWord.phraseModel;
      if (phrase && chosen === phrase.path) {
        throw new AppError('model_in_use', `The wake word uses ${phrase.file}; it was not removed.`, {
          hint: 'Choose another phrase (or clear the choice) in Settings > Wake word first.',
        });
      }
      await removeWakePhrase(id, options.modelsDir);
      logger.info({ event: 'wake_model_removed', id }, 'wake model removed');
      return announce();
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

import { stat } from 'node:fs/promises';
import { AppError, serializeError, type SerializedError } from '../../shared/errors.js';
import type { FilePurpose, VadModelStatus } from '../../shared/setup.js';
import type { SetupEvent, SetupPort } from './setup-requests.js';
import type { Logger } from '../logging/logger.js';
import { MODEL_MIRROR_ENV } from '../models/catalog.js';
import { importVadModel, installVadModel, VAD_MODEL, vadModelPath } from '../models/vad-model.js';
import { logRejection } from '../logging/log-rejection.js';

export interface SetupServiceOptions {
  modelsDir: string;
  /** Where the pipeline looks for the VAD model (DICTATION_VAD_MODEL may point elsewhere). */
  vadModelPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Opens and closes the microphone (the dictation controller). */
  microphone: { arm(): Promise<void>; disarm(): Promise<void> };
  /** True when the pre-roll setting keeps the microphone open anyway: closing the check leaves it open. */
  preRollArmed: () => boolean;
  /** The VAD model arrived: the pipeline arms its listener. */
  onVadInstalled: () => void;
  chooseModelFile?: (purpose: FilePurpose) => Promise<string | null>;
}

/** The first-run setup's services in the app runtime (see SetupPort). */
export function createSetupService(options: SetupServiceOptions): SetupPort {
  const listeners = new Set<(event: SetupEvent) => void>();
  const logger = options.logger.child({ component: 'setup' });
  let downloading = false;
  let lastError: SerializedError | null = null;
  let checking = false;

  const emit = (event: SetupEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  const status = async (): Promise<VadModelStatus> => {
    const size = (await stat(options.vadModelPath).catch(() => null))?.size;
    if (size !== undefined) {
      return { state: 'installed', path: options.vadModelPath, sizeBytes: size, error: null };
    }
    return {
      state: downloading ? 'downloading' : lastError ? 'failed' : 'missing',
      path: options.vadModelPath,
      sizeBytes: VAD_MODEL.sizeBytes,
      error: downloading ? null : lastError,
    };
  };

  const announce = async (): Promise<VadModelStatus> => {
    const current = await status();
    emit({ type: 'vad_status_changed', timestamp: Date.now(), status: current });
    return current;
  };

  const requireDefaultLocation = (): void => {
    if (options.vadModelPath !== vadModelPath(options.modelsDir)) {
      throw new AppError('invalid_request', `DICTATION_VAD_MODEL points to ${options.vadModelPath}.`, {
        hint: `Put ${VAD_MODEL.file} at that path, or unset DICTATION_VAD_MODEL to let the app install it.`,
      });
    }
  };

  const service: SetupPort = {
    vadStatus: status,

    async installVad() {
      const current = await status();
      if (current.state === 'installed' || current.state === 'downloading') return current;
      requireDefaultLocation();
      downloading = true;
      lastError = null;
      logger.info({ event: 'vad_install_started' }, 'downloading the VAD model');
      installVadModel({
        modelsDir: options.modelsDir,
        logger,
        mirror: options.env[MODEL_MIRROR_ENV],
        onEvent: emit,
      })
        .then(
          () => {
            logger.info({ event: 'vad_installed', path: options.vadModelPath }, 'VAD model installed');
            options.onVadInstalled();
          },
          (error: unknown) => {
            lastError = serializeError(error);
            logger.warn({ event: 'vad_install_failed', error: lastError }, 'VAD model not installed');
          },
        )
        .finally(() => {
          downloading = false;
          announce().catch(logRejection(logger, 'vad_status_announce_failed', 'status not sent'));
        });
      return announce();
    },

    async importVad(file) {
      requireDefaultLocation();
      await importVadModel(file, options.modelsDir);
      lastError = null;
      options.onVadInstalled();
      return announce();
    },

    async checkMicrophone(open) {
      if (open) {
        try {
          await options.microphone.arm();
        } catch (error) {
          // arm() leaves the controller wanting the microphone; it would retry at every dictation.
          if (!options.preRollArmed()) await options.microphone.disarm().catch(() => undefined);
          throw error;
        }
        checking = true;
        return true;
      }
      if (checking && !options.preRollArmed()) await options.microphone.disarm();
      checking = false;
      return false;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  if (options.chooseModelFile) service.chooseModelFile = options.chooseModelFile;
  return service;
}

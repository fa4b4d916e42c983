import type { AppHandlers } from '../../shared/app-protocol.js';
import type { SpeechModelStatus } from '../../shared/speech-model-status.js';
import { requireService } from '../request-handlers.js';

/** The model the engine has loaded, and why the chosen one is not (missing, failed to load). */
export interface SpeechModelStatusPort {
  status(): SpeechModelStatus;
}

export const SPEECH_MODEL_REQUESTS = ['speech_model_status'] as const;

/** The model picker's status line in Settings → Speech recognition. */
export function speechModelHandlers(
  port: SpeechModelStatusPort | undefined,
): AppHandlers<(typeof SPEECH_MODEL_REQUESTS)[number]> {
  return { speech_model_status: () => requireService(port, 'The speech engine').status() };
}

import type { Logger } from 'pino';
import type { UtteranceRecognition } from '../../shared/engine-protocol.js';
import { serializeError } from '../../shared/errors.js';
import { settleWithin } from '../../shared/settle-within.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import type { Session } from './dictation-session.js';

/**
 * How one dictation is recognised when its app's profile says so (language, words to expect), or
 * null for the settings' own. Known a moment after recording starts (the focused app is looked up).
 */
export type RecognitionLookup = (sessionId: string) => Promise<UtteranceRecognition | null>;

/** The key release waits this long at most for the lookup, so the tail is recognised the same way. */
const LOOKUP_WAIT_MS = 1000;

/**
 * Looks up the dictation's recognition and sends it to the engine's open utterance (the pieces and
 * the tail transcribed from then on use it). `session.recognitionSent` settles when that is done; a
 * replay after an engine crash sends `session.recognition` again itself.
 */
export function sendRecognition(
  options: { recognitionFor?: RecognitionLookup | undefined; engine: EngineHost; logger: Logger },
  session: Session,
  isCurrent: () => boolean,
): void {
  const { recognitionFor: lookUp, engine, logger } = options;
  if (!lookUp) return;
  const replays = session.replays;
  session.recognition = settleWithin(
    lookUp(session.id).catch((error: unknown) => {
      logger.warn(
        { event: 'recognition_lookup_failed', sessionId: session.id, error: serializeError(error) },
        "the app's profile is not used for recognition",
      );
      return null;
    }),
    LOOKUP_WAIT_MS,
    null,
  );
  session.recognitionSent = session.recognition.then(async (recognition) => {
    // A replay began meanwhile: it sends the recognition to the new engine.
    if (!recognition || !isCurrent() || session.replays !== replays) return;
    try {
      await engine.requireClient().setUtteranceRecognition(session.engineId, recognition);
      logger.info(
        {
          sessionId: session.id,
          language: recognition.language ?? null,
          promptChars: recognition.initialPrompt?.length ?? null,
        },
        "recognition set by the app's profile",
      );
    } catch (error) {
      logger.warn(
        { event: 'recognition_not_sent', sessionId: session.id, error: serializeError(error) },
        "the app's profile could not be applied to recognition",
      );
    }
  });
}

import type { DeliveryResult } from '../../shared/delivery.js';
import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';

/**
 * "Paste the last dictation again" from the tray or its shortcut: pastes, and tells the user when it
 * could not (nothing dictated yet, or the text was left on the clipboard). Never throws.
 */
export async function pasteAgain(
  stage: { pasteLast(): Promise<DeliveryResult> },
  tell: (level: 'info' | 'warning', message: string, hint?: string) => void,
  logger: Logger,
): Promise<void> {
  try {
    const result = await stage.pasteLast();
    logger.info(
      { event: 'pasted_again', method: result.method, ok: result.ok },
      'last dictation pasted again',
    );
    if (result.notice) tell('warning', result.notice, result.fallback?.hint);
  } catch (error) {
    const problem = serializeError(error);
    logger.warn({ event: 'paste_again_failed', error: problem }, 'last dictation not pasted again');
    tell(problem.kind === 'unavailable' ? 'info' : 'warning', problem.message, problem.hint);
  }
}

import type { DeliveryResult } from '../../shared/delivery.js';
import type { HistoryDelivery, NewHistoryEntry } from '../../shared/history.js';
import { serializeError } from '../../shared/errors.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import type { Logger } from '../logging/logger.js';
import type { HistoryPort } from './history-requests.js';

/**
 * The history entry for a finished dictation (DictationController's onCompleted). The session id
 * becomes the entry's id, so logs, events and history name the same dictation the same way.
 */
function historyEntryOf(dictation: CompletedDictation, model: string): NewHistoryEntry {
  const { timings } = dictation;
  const ms = (value: number) => Math.max(0, Math.round(value));
  return {
    id: dictation.sessionId,
    text: dictation.text,
    rawText: dictation.rawText === dictation.text ? null : dictation.rawText,
    durationMs: ms(timings.recordedMs),
    model,
    language: dictation.transcript.language || null,
    timings: {
      transcribeMs: ms(timings.transcribeMs),
      deliverMs: ms(timings.deliverMs),
      totalMs: ms(timings.releaseToTextMs),
      speechMs: ms(timings.speechMs),
    },
    delivery: deliveryOf(dictation.delivery),
    app: dictation.delivery?.target?.windowClass ?? null,
  };
}

function deliveryOf(result: DeliveryResult | null): HistoryDelivery {
  if (!result) return 'failed';
  switch (result.method) {
    case 'paste':
      return result.ok ? 'pasted' : 'failed';
    case 'type':
      return result.ok ? 'typed' : 'failed';
    case 'copy':
      return 'copied';
    case 'none':
      return 'none';
  }
}

/**
 * Saves each delivered dictation in the history. A failed write is logged and the user is told: the
 * text was delivered, but it will not be found in the history.
 */
export function saveDictationsToHistory(options: {
  history: HistoryPort;
  modelName: () => string;
  logger: Logger;
  notify: (message: string, hint: string) => void;
  onError?: (error: unknown, sessionId: string) => void;
}): (completed: CompletedDictation) => void {
  return (completed) => {
    try {
      options.history.add(historyEntryOf(completed, options.modelName()));
    } catch (error) {
      options.onError?.(error, completed.sessionId);
      options.logger.error(
        { event: 'history_save_failed', sessionId: completed.sessionId, error: serializeError(error) },
        'dictation not saved to history',
      );
      options.notify(
        `The dictation was delivered but could not be saved to the history: ${serializeError(error).message}`,
        'Check the free disk space; the text is still where it was pasted (and on the clipboard if it was copied).',
      );
    }
  };
}

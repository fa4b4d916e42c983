import type { DeliveryResult } from '../../shared/delivery.js';
import type { HistoryDelivery, NewHistoryEntry } from '../../shared/history.js';
import type { CompletedDictation } from '../../services/dictation/dictation-controller.js';

/**
 * The history entry for a finished dictation (DictationController's onCompleted). The session id
 * becomes the entry's id, so logs, events and history name the same dictation the same way.
 */
export function historyEntryOf(dictation: CompletedDictation, model: string): NewHistoryEntry {
  const { timings } = dictation;
  const ms = (value: number) => Math.max(0, Math.round(value));
  return {
    id: dictation.sessionId,
    text: dictation.text,
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

import path from 'node:path';
import type { DeliveryResult } from '../../shared/delivery.js';
import type { HistoryDelivery, NewHistoryEntry } from '../../shared/history.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import { modelNameFromFile } from '../models/model-store.js';

/** A finished dictation as the history keeps it. */
export function historyEntryFor(dictation: CompletedDictation, modelPath: string | null): NewHistoryEntry {
  const { timings } = dictation;
  return {
    id: dictation.sessionId,
    text: dictation.text,
    // Wall-clock recording time, or the audio's own length when it arrived faster (a file, a test).
    durationMs: nonNegative(Math.max(timings.recordedMs, dictation.transcript.audioMs)),
    timings: {
      captureMs: nonNegative(timings.recordedMs),
      transcribeMs: nonNegative(timings.transcribeMs),
      deliverMs: nonNegative(timings.deliverMs),
      totalMs: nonNegative(timings.releaseToTextMs),
    },
    model: modelPath ? modelNameFromFile(path.basename(modelPath)) : 'unknown',
    language: dictation.transcript.language || null,
    delivery: historyDelivery(dictation.delivery),
    app: dictation.delivery?.target?.windowClass ?? null,
  };
}

function historyDelivery(delivery: DeliveryResult | null): HistoryDelivery {
  if (!delivery) return 'failed';
  if (delivery.method === 'none') return delivery.fallback?.code === 'blank_text' ? 'none' : 'failed';
  if (!delivery.ok) return delivery.method === 'copy' || delivery.clipboard === 'left-with-text' ? 'copied' : 'failed';
  return ({ paste: 'pasted', type: 'typed', copy: 'copied' } as const)[delivery.method];
}

function nonNegative(ms: number): number {
  return Math.max(0, Math.round(ms));
}

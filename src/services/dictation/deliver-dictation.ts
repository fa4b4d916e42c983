import type { Logger } from 'pino';
import type { DeliveryResult } from '../../shared/delivery.js';
import type { DictationEvent, DictationTimings, DictationTrigger } from '../../shared/dictation.js';
import { serializeError } from '../../shared/errors.js';
import type { Transcript } from '../../shared/transcript.js';
import type { Session } from './dictation-session.js';

export interface CompletedDictation {
  sessionId: string;
  /** What was delivered (after the text rules). */
  text: string;
  /** What was recognised. */
  rawText: string;
  transcript: Transcript;
  timings: DictationTimings;
  delivery: DeliveryResult | null;
  trigger: DictationTrigger;
  /** Everything recorded for this dictation (pre-roll included), 16 kHz mono. */
  audio: Float32Array;
  /** Where in `audio` the transcribed (silence-trimmed) part begins: segment times count from here. */
  transcriptOffsetMs: number;
}

/** What the delivery stage is told about the dictation whose text it delivers. */
export interface DeliveringDictation {
  sessionId: string;
  /** The language whisper recognised (or was told), when known. */
  language: string | null;
}

export interface DeliveryDeps {
  deliver: (text: string, dictation: DeliveringDictation) => Promise<DeliveryResult>;
  logger: Logger;
}

/**
 * Delivers a dictation's final text once (one paste), and says what happened: the `delivered` event
 * for the window and the completed dictation for history.
 */
export async function deliverDictation(
  options: DeliveryDeps,
  session: Session,
  final: { text: string; transcript: Transcript; transcriptOffsetMs: number; transcribedAt: number },
): Promise<{ event: Extract<DictationEvent, { type: 'delivered' }>; completed: CompletedDictation }> {
  const { text, transcript, transcriptOffsetMs, transcribedAt } = final;
  const releasedAt = session.releasedAt ?? transcribedAt;
  let delivery: DeliveryResult | null = null;
  const deliverStarted = Date.now();
  try {
    delivery = await options.deliver(text, {
      sessionId: session.id,
      language: transcript.language || null,
    });
  } catch (error) {
    options.logger.error({ sessionId: session.id, error: serializeError(error) }, 'delivery failed');
  }
  const deliveredAt = Date.now();
  // The text is in the app once it has landed; restoring the user's clipboard comes after that.
  const landedMs = delivery?.timings.landedMs ?? deliveredAt - deliverStarted;
  const timings: DictationTimings = {
    recordedMs: releasedAt - session.startedAt,
    speechMs: transcript.audioMs,
    transcribeMs: transcribedAt - releasedAt,
    deliverMs: landedMs,
    releaseToTextMs: deliverStarted - releasedAt + landedMs,
  };
  // A remote engine's text replaces the local one (the local text stays the fallback).
  const recognized = delivery?.recognizedText ?? text;
  const delivered = delivery?.text ?? recognized;
  const event: Extract<DictationEvent, { type: 'delivered' }> = {
    type: 'delivered',
    timestamp: deliveredAt,
    sessionId: session.id,
    text: delivered,
    ...(delivered !== recognized ? { raw: recognized } : {}),
    method: delivery?.method ?? 'none',
    ...(delivery?.engine ? { engine: delivery.engine } : {}),
    notice:
      delivery?.notice ?? (delivery ? null : 'The text could not be delivered; copy it from the window.'),
    timings,
  };
  options.logger.info(
    { sessionId: session.id, method: delivery?.method ?? 'none', ok: delivery?.ok ?? false, timings },
    'delivery result',
  );
  const completed: CompletedDictation = {
    sessionId: session.id,
    text: delivered,
    rawText: recognized,
    transcript,
    timings,
    delivery,
    trigger: session.trigger,
    audio: session.audio.slice(),
    transcriptOffsetMs,
  };
  return { event, completed };
}

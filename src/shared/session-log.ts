import { z } from 'zod';
import { dictationTriggerSchema } from './dictation.js';
import { clipboardOutcomeSchema, deliveryFallbackCodeSchema, deliveryMethodSchema } from './delivery.js';
import { SerializedError } from './errors.js';

/**
 * One line of the per-run event log (logsDir/sessions/<date>-<id>.jsonl): what happened to each
 * dictation, in order, for diagnosing "my words never arrived" (ids, timings and lengths; no words, so
 * clearing the history leaves nothing said in the logs). Every line carries `type`, `timestamp`
 * and the run's `runId`; lines about one dictation also carry its `sessionId`.
 */
const base = { timestamp: z.number(), runId: z.string() };
const dictation = { ...base, sessionId: z.string() };
/** Milliseconds: a stretch of the recording or how long a step took. */
const ms = z.number().nonnegative();

export const SessionLogEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session_start'),
    ...base,
    appVersion: z.string(),
    platform: z.string(),
    pid: z.number().int(),
  }),
  z.object({ type: z.literal('capture_start'), ...dictation, trigger: dictationTriggerSchema.optional() }),
  z.object({
    type: z.literal('capture_stop'),
    ...dictation,
    recordedMs: ms,
    /** Esc or the cancel command: nothing is transcribed. */
    cancelled: z.boolean(),
  }),
  /** Voice activity endpoints, in ms from the start of the utterance's audio (pre-roll included). */
  z.object({ type: z.literal('vad_speech_start'), ...dictation, atMs: z.number() }),
  z.object({ type: z.literal('vad_speech_end'), ...dictation, atMs: z.number() }),
  /** Privacy: how much was recognised, never the words (those are in the history only). */
  z.object({
    type: z.literal('transcript'),
    ...dictation,
    chars: z.number().int().nonnegative(),
    words: z.number().int().nonnegative(),
    isFinal: z.boolean(),
  }),
  z.object({ type: z.literal('no_speech'), ...dictation }),
  /**
   * A piece finished while the user still spoke (commit as you go): its audio (ms from the start of
   * the recording), the inference it took and how long its text is (the words are not logged here).
   */
  z.object({
    type: z.literal('commit'),
    ...dictation,
    fromMs: ms,
    toMs: ms,
    inferenceMs: ms,
    textLength: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('delivery'),
    ...dictation,
    method: deliveryMethodSchema,
    ok: z.boolean(),
    backend: z.string().nullable(),
    clipboard: clipboardOutcomeSchema.nullable(),
    fallback: deliveryFallbackCodeSchema.nullable(),
    notice: z.string().nullable(),
    releaseToTextMs: ms,
  }),
  z.object({ type: z.literal('engine_state'), ...base, state: z.string() }),
  z.object({
    type: z.literal('error'),
    ...base,
    sessionId: z.string().nullable(),
    /** Where it happened: dictation, engine, microphone, process... */
    where: z.string(),
    error: SerializedError,
  }),
  z.object({ type: z.literal('session_end'), ...base, reason: z.string() }),
]);
export type SessionLogEvent = z.infer<typeof SessionLogEvent>;

/** What a writer passes: the log fills in `timestamp` (when absent) and `runId`. */
export type SessionLogEntry = SessionLogEvent extends infer E
  ? E extends SessionLogEvent
    ? Omit<E, 'runId' | 'timestamp'> & { timestamp?: number }
    : never
  : never;

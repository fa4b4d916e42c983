import { z } from 'zod';
import { deliveryMethodSchema } from './delivery.js';
import { SerializedError } from './errors.js';

/** Where one dictation is in its journey; the tray, the window and the CLI all show this. */
const dictationPhaseSchema = z.enum(['idle', 'recording', 'transcribing', 'error']);
export type DictationPhase = z.infer<typeof dictationPhaseSchema>;

export const dictationTriggerSchema = z.enum(['hotkey', 'ui', 'wake_word', 'api', 'cli']);
export type DictationTrigger = z.infer<typeof dictationTriggerSchema>;

export const dictationStatusSchema = z.object({
  phase: dictationPhaseSchema,
  sessionId: z.string().nullable(),
  /** Epoch ms when recording started (the timer counts from here); null unless recording. */
  recordingSince: z.number().nullable(),
  error: SerializedError.nullable(),
});
export type DictationStatus = z.infer<typeof dictationStatusSchema>;

export const IDLE_STATUS: DictationStatus = {
  phase: 'idle',
  sessionId: null,
  recordingSince: null,
  error: null,
};

/** Milliseconds spent in each step of one dictation, from key release to delivered text. */
const dictationTimingsSchema = z.object({
  recordedMs: z.number(),
  speechMs: z.number(),
  /** Key release (or auto-stop) until the engine returned the final text. */
  transcribeMs: z.number(),
  /** Delivery started until the text was in the app (the clipboard is restored after that). */
  deliverMs: z.number(),
  /** Key release (or auto-stop) until the text was delivered: the latency the user feels. */
  releaseToTextMs: z.number(),
});
export type DictationTimings = z.infer<typeof dictationTimingsSchema>;

/** What the events of one dictation carry besides their `type`. */
const ofDictation = { timestamp: z.number(), sessionId: z.string() };

/** A dictation's text: partials while it is spoken, then the final text. The event API sends it as is. */
export const transcriptEventSchema = z.object({
  type: z.literal('transcript'),
  ...ofDictation,
  text: z.string(),
  isFinal: z.boolean(),
  /**
   * Live text (not final): the part of `text` that is committed and will not change; the rest is the
   * live tail, decoded again as speech goes on.
   */
  committedText: z.string().optional(),
});

/** The dictation's text reached the app (or the clipboard). */
export const deliveredEventSchema = z.object({
  type: z.literal('delivered'),
  ...ofDictation,
  /** What was delivered (after the text rules). */
  text: z.string(),
  /** What was recognised, when the text rules changed it. */
  raw: z.string().optional(),
  method: deliveryMethodSchema,
  /** Set when the text could not be pasted and was left on the clipboard instead. */
  notice: z.string().nullable(),
  timings: dictationTimingsSchema,
  /** Which engine produced the text: "local" or a remote engine's name (absent: the local engine). */
  engine: z.string().optional(),
});

/** Events of one dictation, in the order they happen. All carry `type` and `timestamp`. */
export const dictationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), timestamp: z.number(), status: dictationStatusSchema }),
  z.object({
    type: z.literal('level'),
    timestamp: z.number(),
    /** 0..1, RMS and peak of the last capture block. */
    rms: z.number(),
    peak: z.number(),
  }),
  z.object({
    type: z.literal('speech_start'),
    ...ofDictation,
    atMs: z.number(),
  }),
  z.object({
    type: z.literal('speech_end'),
    ...ofDictation,
    atMs: z.number(),
  }),
  transcriptEventSchema,
  deliveredEventSchema,
  z.object({
    type: z.literal('no_speech'),
    ...ofDictation,
  }),
  /**
   * A piece of the dictation was finished while it goes on (commit as you go). `fromMs`..`toMs` is
   * its audio, ms from the start of the recording.
   */
  z.object({
    type: z.literal('commit'),
    ...ofDictation,
    fromMs: z.number(),
    toMs: z.number(),
    text: z.string(),
    inferenceMs: z.number(),
  }),
  /** The wake phrase started this dictation (it is not part of the text). */
  z.object({
    type: z.literal('wake_word'),
    ...ofDictation,
    phrase: z.string(),
    confidence: z.number(),
  }),
]);
export type DictationEvent = z.infer<typeof dictationEventSchema>;

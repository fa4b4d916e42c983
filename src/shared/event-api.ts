import { z } from 'zod';
import { dictationStatusSchema, transcriptEventSchema } from './dictation.js';

/**
 * The local event API (opt-in): a WebSocket on 127.0.0.1 that other programs (OBS live captions,
 * scripts) use to follow dictation and start or stop it. Bump on any change to these shapes.
 */
export const EVENT_API_VERSION = 1;
export const EVENT_API_PATH = '/events';
export const EVENT_API_MAX_MESSAGE_BYTES = 4096;

/** What clients may send. `id` comes back in the reply. */
export const EventApiCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), id: z.string().max(64).optional() }),
  z.object({ type: z.literal('stop'), id: z.string().max(64).optional() }),
  z.object({ type: z.literal('cancel'), id: z.string().max(64).optional() }),
  z.object({ type: z.literal('status'), id: z.string().max(64).optional() }),
]);
export type EventApiCommand = z.infer<typeof EventApiCommand>;

export const EventApiStatus = z.object({
  version: z.number().int(),
  appVersion: z.string(),
  engine: z.string(),
  model: z.string().nullable(),
  dictation: dictationStatusSchema,
  clients: z.number().int(),
});
export type EventApiStatus = z.infer<typeof EventApiStatus>;

/** What the server broadcasts or replies. Every message has `type` and `timestamp`. */
export const EventApiMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    timestamp: z.number(),
    version: z.number().int(),
    appVersion: z.string(),
  }),
  transcriptEventSchema,
  z.object({
    type: z.literal('wake_word'),
    timestamp: z.number(),
    phrase: z.string(),
    confidence: z.number(),
  }),
  z.object({ type: z.literal('state'), timestamp: z.number(), status: dictationStatusSchema }),
  z.object({
    type: z.literal('job'),
    timestamp: z.number(),
    jobId: z.string(),
    state: z.string(),
    progress: z.number(),
  }),
  z.object({
    type: z.literal('reply'),
    timestamp: z.number(),
    id: z.string().nullable(),
    ok: z.boolean(),
    status: EventApiStatus.optional(),
    error: z.string().optional(),
  }),
]);
export type EventApiMessage = z.infer<typeof EventApiMessage>;

import { z } from 'zod';

/** What happened to the text of a dictation: how it reached the user, or that it did not. */
export const HistoryDelivery = z.enum([
  'pasted',
  'typed',
  /** On the clipboard only: chosen by the user ("copy"), or the fallback when pasting was impossible. */
  'copied',
  'failed',
  /** Nothing was delivered (cancelled, or saved from a file job). */
  'none',
]);
export type HistoryDelivery = z.infer<typeof HistoryDelivery>;

/** Milliseconds per step of one dictation; other steps may be added by name. */
export const HistoryTimings = z
  .object({
    captureMs: z.number().nonnegative(),
    vadMs: z.number().nonnegative(),
    transcribeMs: z.number().nonnegative(),
    deliverMs: z.number().nonnegative(),
    /** Key release to text delivered: the wait the user felt. */
    totalMs: z.number().nonnegative(),
  })
  .partial()
  .catchall(z.number().nonnegative());
export type HistoryTimings = z.infer<typeof HistoryTimings>;

/** Another transcript of the same audio: re-transcribed with another model and added, or replaced. */
export const HistoryVersion = z.object({
  text: z.string(),
  rawText: z.string().nullable(),
  model: z.string(),
  language: z.string().nullable(),
  createdAt: z.number().int().nonnegative(),
});
export type HistoryVersion = z.infer<typeof HistoryVersion>;

export const HistoryEntry = z.object({
  id: z.string().min(1),
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
  /** What was delivered (after the text rules). */
  text: z.string(),
  /** What was recognised, when the text rules changed it; null when it is the same as text. */
  rawText: z.string().nullable(),
  /** Length of the recorded audio. */
  durationMs: z.number().int().nonnegative(),
  timings: HistoryTimings,
  model: z.string(),
  /** The language spoken (detected or chosen), e.g. "en"; null when unknown. */
  language: z.string().nullable(),
  delivery: HistoryDelivery,
  /** The application the text was sent to, when known. */
  app: z.string().nullable(),
  /** Length of the audio kept for this dictation (to play it, or transcribe it again); null: none kept. */
  audioMs: z.number().int().nonnegative().nullable(),
  /** Earlier or other transcripts of the same audio, oldest first. */
  versions: z.array(HistoryVersion),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** What the app passes to save a dictation; id and createdAt are filled in when absent. */
export const NewHistoryEntry = HistoryEntry.extend({
  id: HistoryEntry.shape.id.optional(),
  createdAt: HistoryEntry.shape.createdAt.optional(),
  timings: HistoryTimings.default({}),
  language: HistoryEntry.shape.language.default(null),
  delivery: HistoryDelivery.default('none'),
  app: HistoryEntry.shape.app.default(null),
  rawText: HistoryEntry.shape.rawText.default(null),
  audioMs: HistoryEntry.shape.audioMs.default(null),
  versions: HistoryEntry.shape.versions.default([]),
});
export type NewHistoryEntry = z.input<typeof NewHistoryEntry>;

/** One page of the list, newest first; pass nextCursor back for the page after it. */
export const HistoryPageRequest = z.object({
  /** Words to find (typed by the user, any characters); empty or absent lists everything. */
  search: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});
export type HistoryPageRequest = z.input<typeof HistoryPageRequest>;

export const HistoryPage = z.object({
  entries: z.array(HistoryEntry),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

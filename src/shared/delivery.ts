import { z } from 'zod';

/** How the user wants dictated text delivered; the same values as the setting (settings.ts). */
export const deliveryModeSchema = z.enum(['paste', 'type', 'copy']);
export type DeliveryMode = z.infer<typeof deliveryModeSchema>;

/** How the text was actually delivered: 'none' when nothing was delivered (blank text). */
export const deliveryMethodSchema = z.enum(['paste', 'type', 'copy', 'none']);
export type DeliveryMethod = z.infer<typeof deliveryMethodSchema>;

/** Why delivery did not happen the way the user asked. */
export const deliveryFallbackCodeSchema = z.enum([
  'blank_text',
  'no_desktop_session',
  'clipboard_unavailable',
  'keystroke_unavailable',
  'keystroke_failed',
  'type_failed',
  'paste_not_consumed',
  'clipboard_replaced',
  'clipboard_failed',
  /** Another window had focus at delivery than when recording started: the text was left on the clipboard. */
  'focus_moved',
]);
export type DeliveryFallbackCode = z.infer<typeof deliveryFallbackCodeSchema>;

/** What became of the user's own clipboard content. */
export const clipboardOutcomeSchema = z.enum([
  /** Never touched (typing, blank text). */
  'untouched',
  /** Put back after the paste was consumed (or after the conservative delay where no signal exists). */
  'restored',
  /** Our text was left on it so the user can paste by hand; their previous content is gone. */
  'left-with-text',
  /** Someone copied something new during the paste: that newer content was kept. */
  'kept-newer-copy',
  /** It could not be read beforehand, so it could not be put back. */
  'not-saved',
]);
export type ClipboardOutcome = z.infer<typeof clipboardOutcomeSchema>;

/** Milliseconds per step; null for a step that did not run. targetMs and clipboardSaveMs overlap. */
const deliveryTimingsSchema = z.object({
  targetMs: z.number().nullable(),
  clipboardSaveMs: z.number().nullable(),
  clipboardSetMs: z.number().nullable(),
  keystrokeMs: z.number().nullable(),
  /**
   * Keystroke sent until the target application first read the text.
   * Null where reads cannot be seen (macOS, Windows, Electron's clipboard).
   */
  pasteReadMs: z.number().nullable().optional(),
  /** Keystroke done until the paste counted as consumed (first read plus a short quiet period). */
  consumeWaitMs: z.number().nullable(),
  clipboardRestoreMs: z.number().nullable(),
  /**
   * From the call until the text was in the application: its first read of a paste (or the keystroke,
   * where reads cannot be seen), the end of typing, the clipboard set for copy. The latency the user
   * feels; what follows (a quiet period, restoring the clipboard) is housekeeping.
   */
  landedMs: z.number().nullable().optional(),
  /** The whole call, clipboard restore included. */
  totalMs: z.number(),
});
export type DeliveryTimings = z.infer<typeof deliveryTimingsSchema>;

export const deliveryResultSchema = z.object({
  method: deliveryMethodSchema,
  /** The text reached the place the user asked for (the focused app, or the clipboard for 'copy'). */
  ok: z.boolean(),
  /** Which tools did it, e.g. "x11: xclip + xdotool". */
  backend: z.string(),
  /** The paste chord sent, e.g. "ctrl+v", "ctrl+shift+v", "shift+Insert", "cmd+v". */
  keystroke: z.string().nullable(),
  /** The key sent after the text landed ("enter", "ctrl+enter"), when one was. */
  afterKey: z.string().nullable().optional(),
  /** The focused window as far as it could be told (X11 only). */
  target: z
    .object({
      windowClass: z.string().nullable(),
      terminal: z.boolean(),
    })
    .nullable(),
  /** How the paste's consumption was known: the target read the clipboard, or a delay had to do. */
  consumption: z.enum(['consumed', 'replaced', 'timeout', 'no-signal']).nullable(),
  clipboard: clipboardOutcomeSchema,
  fallback: z
    .object({
      code: deliveryFallbackCodeSchema,
      message: z.string(),
      hint: z.string().optional(),
    })
    .nullable(),
  /** What the UI should tell the user, e.g. "Copied - press Ctrl+V"; null when there is nothing to say. */
  notice: z.string().nullable(),
  timings: deliveryTimingsSchema,
  /** The text as delivered, when the text rules changed what was recognised (absent: as given). */
  text: z.string().optional(),
  /** The profile that chose how it was delivered (its app pattern), or null for the defaults. */
  profile: z.string().nullable().optional(),
  /** Which engine produced the text: "local" or a remote engine's name (absent: the local engine). */
  engine: z.string().optional(),
  /** What that engine recognised (before the text rules), when it was not the local engine's text. */
  recognizedText: z.string().optional(),
});
export type DeliveryResult = z.infer<typeof deliveryResultSchema>;

import { z } from 'zod';

/** What went wrong, in terms a caller can act on. Every error that crosses a process boundary has one. */
export const ErrorKind = z.enum([
  'protocol_mismatch',
  'invalid_message',
  'invalid_request',
  'model_not_found',
  'model_invalid',
  'model_not_loaded',
  'audio_not_found',
  'audio_unsupported',
  'audio_corrupt',
  'audio_empty',
  'audio_silent',
  'audio_too_long',
  'decoder_missing',
  'device_unavailable',
  'device_lost',
  'permission_denied',
  'aborted',
  'busy',
  'engine_crashed',
  'engine_timeout',
  'output_exists',
  'io',
  'internal',
  // The app's own API (preload IPC, the loopback bridge): a caller that may not ask, a service not present.
  'forbidden',
  'unavailable',
  // Model manager: downloads and the models folder.
  'download_failed',
  'download_timeout',
  'verification_failed',
  'disk_full',
  'model_in_use',
  'model_exists',
  // Wake phrase models: a download whose licence the user has not accepted.
  'licence_not_accepted',
  // Hotkeys and settings: a combination the user chose that cannot work, a keyboard hook that cannot start.
  'hotkey_invalid',
  'hotkey_unavailable',
  'settings_invalid',
  // Recorded sessions: a session the window names that is not (or no longer) on disk.
  'session_not_found',
  // Remote engines (OpenAI-compatible transcription servers the user added).
  'remote_refused',
  'remote_failed',
  'remote_timeout',
  'remote_bad_reply',
  'remote_tls',
  'remote_auth',
  'remote_rejected',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

/**
 * Who reads a hint: the window's user (the Models tab, Settings, the hotkey) or a `dictation` user (its
 * commands and flags). A hint that says where to act gives one for each; `describeError` picks.
 */
export type HintAudience = 'window' | 'cli';
export interface AudienceHints {
  window: string;
  cli: string;
}

export const SerializedError = z.object({
  kind: ErrorKind,
  message: z.string(),
  /** What the user can do about it, in the window (and in the CLI when there is no cliHint). */
  hint: z.string().optional(),
  /** What a CLI user can do about it, when that differs: the `dictation` command instead of a tab. */
  cliHint: z.string().optional(),
  /** Extra detail for logs (native library output, stack). */
  detail: z.string().optional(),
});
export type SerializedError = z.infer<typeof SerializedError>;

export interface AppErrorOptions {
  /** One hint for everyone, or one per audience (see HintAudience). */
  hint?: string | AudienceHints;
  detail?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** The window's hint (and the CLI's, when cliHint is unset). */
  readonly hint: string | undefined;
  readonly cliHint: string | undefined;
  readonly detail: string | undefined;

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions & { cliHint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    const hint = options.hint;
    this.hint = typeof hint === 'object' ? hint.window : hint;
    this.cliHint = typeof hint === 'object' ? hint.cli : options.cliHint;
    this.detail = options.detail;
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    const out: SerializedError = { kind: error.kind, message: error.message };
    if (error.hint !== undefined) out.hint = error.hint;
    if (error.cliHint !== undefined) out.cliHint = error.cliHint;
    if (error.detail !== undefined) out.detail = error.detail;
    return out;
  }
  if (error instanceof Error) {
    const out: SerializedError = { kind: 'internal', message: error.message };
    if (error.stack !== undefined) out.detail = error.stack;
    return out;
  }
  return { kind: 'internal', message: String(error) };
}

export function deserializeError(error: SerializedError): AppError {
  const options: { hint?: string; cliHint?: string; detail?: string } = {};
  if (error.hint !== undefined) options.hint = error.hint;
  if (error.cliHint !== undefined) options.cliHint = error.cliHint;
  if (error.detail !== undefined) options.detail = error.detail;
  return new AppError(error.kind, error.message, options);
}

/** The hint for that audience: the CLI's own when there is one, else the common one. */
export function hintFor(error: SerializedError, audience: HintAudience): string | undefined {
  return audience === 'cli' ? (error.cliHint ?? error.hint) : error.hint;
}

/** One line a person can read: the message, then what to do (for the window unless told otherwise). */
export function describeError(error: SerializedError, audience: HintAudience = 'window'): string {
  const hint = hintFor(error, audience);
  return hint ? `${error.message} (${hint})` : error.message;
}

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

export const SerializedError = z.object({
  kind: ErrorKind,
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  /** Extra detail for logs (native library output, stack). */
  detail: z.string().optional(),
});
export type SerializedError = z.infer<typeof SerializedError>;

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly detail: string | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; detail?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.hint = options.hint;
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
  const options: { hint?: string; detail?: string } = {};
  if (error.hint !== undefined) options.hint = error.hint;
  if (error.detail !== undefined) options.detail = error.detail;
  return new AppError(error.kind, error.message, options);
}

/** One line a person can read: the message, then what to do. */
export function describeError(error: SerializedError): string {
  return error.hint ? `${error.message} (${error.hint})` : error.message;
}

import type { ErrorKind } from '../../shared/errors.js';

/**
 * Failures that may go away by themselves: the engine crashed or hung (a fresh one is started), the
 * file is locked by the program still writing it, a passing I/O error. Everything else (a damaged or
 * unsupported file, a missing model, silence) fails at once: running it again would only fail again.
 */
const TRANSIENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'engine_crashed',
  'engine_timeout',
  'busy',
  'io',
  'internal',
  'model_not_loaded',
  // A remote engine that failed for every engine the piece could go to: worth another attempt later.
  'remote_refused',
  'remote_failed',
  'remote_timeout',
  'remote_bad_reply',
]);

export function isTransient(kind: ErrorKind): boolean {
  return TRANSIENT.has(kind);
}

export interface RetryPolicy {
  /** Attempts per job, the first one included, before a transient failure becomes final. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 2000,
  maxDelayMs: 5 * 60_000,
};

/** Delay before attempt `failedAttempts + 1`: base, 2 x base, 4 x base, ... capped. */
export function backoffMs(failedAttempts: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

import { errorCauseCode } from '../error-cause-code.js';

/** How often and how patiently a download is retried after a transient failure. */
export interface RetryPolicy {
  /** Attempts in a row that may fail without receiving any data. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Exponential backoff with +-20 % jitter, so many clients do not retry in step. */
export function backoffDelay(
  policy: RetryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.8 + 0.4 * random()));
}

/** A failure worth another attempt: a dropped connection, a stall, a 5xx. */
export class TransientFailure extends Error {
  constructor(
    message: string,
    readonly category: 'network' | 'timeout' | 'http',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransientFailure';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** TLS failures no retry can fix: the certificate is wrong for this server, expired or not trusted. */
const TLS_CODE = /^(CERT_|ERR_TLS_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY)_)/;

/**
 * What went wrong with a request or its body stream, in a few words, and whether trying again can
 * help. node:http reports a body cut short as ECONNRESET ("aborted"), a malformed response as HPE_*.
 */
export function classifyNetworkError(error: unknown): { transient: boolean; reason: string; code?: string } {
  const code = errorCauseCode(error);
  if (code === 'ENOTFOUND')
    return { transient: false, reason: 'the server name could not be resolved', code };
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { transient: false, reason: 'the server sent response headers larger than 32 KB', code };
  }
  if (code?.startsWith('HPE_')) {
    return { transient: false, reason: `the server sent a malformed HTTP response (${code})`, code };
  }
  if (code && TLS_CODE.test(code)) {
    return { transient: false, reason: `the server's TLS certificate was refused (${code})`, code };
  }
  if (code && TRANSIENT_CODES.has(code)) {
    const reason =
      code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE'
          ? 'the connection was dropped'
          : `network error ${code}`;
    return { transient: true, reason, code };
  }
  if (error instanceof TypeError) {
    const message = error.message === 'terminated' ? 'the connection was dropped' : error.message;
    return { transient: true, reason: code ? `${message} (${code})` : message, ...(code ? { code } : {}) };
  }
  return { transient: false, reason: (error as Error)?.message ?? String(error), ...(code ? { code } : {}) };
}

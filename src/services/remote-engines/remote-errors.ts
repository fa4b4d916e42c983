import { AppError } from '../../shared/errors.js';
import { errorCauseCode } from '../error-cause-code.js';

/** Node's TLS verification failures (undici puts them on the fetch error's cause). */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const REFUSED_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** A wrapper's state (Node's ERR_INVALID_STATE), not why the request failed: its cause says that. */
const WRAPPER_CODES = new Set(['ERR_INVALID_STATE']);

/**
 * A fetch that never got an HTTP answer, as a typed error: refused / unreachable, a certificate that
 * does not verify, a timeout, or aborted by us.
 */
export function networkError(
  error: unknown,
  name: string,
  url: string,
  why: { timedOut: boolean; timeoutMs: number; aborted: boolean },
): AppError {
  if (why.aborted) return new AppError('aborted', `${name}: the request was cancelled`);
  if (why.timedOut) {
    return new AppError(
      'remote_timeout',
      `${name} did not answer within ${Math.round(why.timeoutMs / 1000)} s (${url})`,
      {
        hint: 'The server may be overloaded; its work goes to another engine.',
        cause: error,
      },
    );
  }
  const code = errorCauseCode(error, WRAPPER_CODES);
  if (code && TLS_CODES.has(code)) {
    return new AppError(
      'remote_tls',
      `${name}: the server's TLS certificate is not trusted (${code}) at ${url}`,
      {
        hint: 'Give the server a certificate from a trusted authority, or add its CA to the system (NODE_EXTRA_CA_CERTS).',
        cause: error,
      },
    );
  }
  if (code && REFUSED_CODES.has(code)) {
    return new AppError('remote_refused', `${name} cannot be reached (${code}) at ${url}`, {
      hint: 'Check that the server is running and the address and port are right.',
      cause: error,
    });
  }
  // undici says "fetch failed" and puts the reason on the cause (e.g. "bad port" for ports fetch refuses).
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : undefined;
  const message = reason ?? (error instanceof Error ? error.message : String(error));
  return new AppError(
    'remote_refused',
    `${name} cannot be reached at ${url}: ${message}${code ? ` (${code})` : ''}`,
    {
      hint: 'Check that the server is running and the address is right.',
      cause: error,
    },
  );
}

/** The text of an OpenAI-shaped error body ({"error": {"message": ...}}), or the body's start. */
export function errorBodyMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof json.error === 'string') return json.error;
    if (json.error && typeof json.error.message === 'string') return json.error.message;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** An HTTP answer other than 2xx, as a typed error. */
export function statusError(status: number, body: string, name: string, url: string): AppError {
  const said = errorBodyMessage(body);
  const detail = said ? `: ${said}` : '';
  if (status === 401 || status === 403) {
    return new AppError('remote_auth', `${name} refused the API key (HTTP ${status})${detail}`, {
      hint: 'Check the API key stored for this server in Settings (or the environment variable for the CLI).',
    });
  }
  if (status === 404 || status === 405) {
    return new AppError('remote_rejected', `${name} has no transcription route at ${url} (HTTP ${status})`, {
      hint: 'The base URL should end where /audio/transcriptions begins, e.g. http://host:8080/v1.',
    });
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new AppError('remote_failed', `${name} failed (HTTP ${status})${detail}`, {
      hint: 'The request is retried, then sent to another engine.',
    });
  }
  return new AppError('remote_rejected', `${name} rejected the request (HTTP ${status})${detail}`);
}

export function badReply(name: string, url: string, why: string, body: string): AppError {
  return new AppError(
    'remote_bad_reply',
    `${name} sent a reply that is not a transcription (${why}) from ${url}`,
    {
      hint: 'Check that the address points to an OpenAI-compatible transcription server.',
      detail: body.slice(0, 500),
    },
  );
}

/**
 * The first string `code` on an error or on the errors it was caused by (fetch wraps the socket's error
 * in `cause`), up to four deep. Codes in `skip` are passed over: they name the wrapper, not the cause.
 */
export function errorCauseCode(error: unknown, skip: ReadonlySet<string> = new Set()): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !skip.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

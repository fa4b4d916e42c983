import { parseAppRequest, type AppBackend, type AppResponse } from '../../shared/app-protocol.js';
import type { Logger } from '../../services/logging/logger.js';

/**
 * Where a request from another process (the window's IPC, the loopback bridge) enters main: parsed
 * once, here, then answered by the backend. A request that does not parse is answered with the reason.
 */
export async function answerRawRequest(
  backend: AppBackend,
  raw: unknown,
  logger?: Logger,
): Promise<AppResponse> {
  const parsed = parseAppRequest(raw);
  if (parsed.ok) return backend.handle(parsed.request);
  logger?.warn({ event: 'request_rejected', error: parsed.error }, 'invalid request');
  return { ok: false, error: parsed.error };
}

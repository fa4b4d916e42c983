import type { RawData, WebSocket } from 'ws';
import type { AppBackend, AppEvent } from '../../../shared/app-protocol.js';
import {
  BRIDGE_CLOSE,
  BRIDGE_MAX_NESTING,
  BridgeClientMessage,
  type BridgeServerMessage,
} from '../../../shared/bridge-protocol.js';
import { serializeError, type SerializedError } from '../../../shared/errors.js';
import type { Logger } from '../../../services/logging/logger.js';
import { answerRawRequest } from '../../app/answer-raw-request.js';
import { nestsDeeperThan } from '../../../services/local-server/json-depth.js';
import { RequestLimiter } from '../../../services/local-server/request-limiter.js';
import { sendLimited, type SendLimits } from '../../../services/local-server/send-limits.js';

export interface ConnectionLimits {
  /** Requests per second a client may send (bursts of twice that). */
  ratePerSecond: number;
  send: SendLimits;
}

type Envelope = { ok: true; id: number; request: unknown } | { ok: false; error: SerializedError };

/**
 * One window on the bridge: the backend's hello and events out, its requests in. Requests over the
 * rate are answered `busy` without being run; a client that floods on is closed (1013). Audio levels
 * are skipped while the client is behind, and a client that stops reading is dropped, so a slow page
 * never grows the app's memory.
 */
export function serveConnection(
  ws: WebSocket,
  backend: AppBackend,
  limits: ConnectionLimits,
  logger: Logger,
): void {
  let skippedLevels = 0;
  const send = (message: BridgeServerMessage, droppable = false): void => {
    const outcome = sendLimited(ws, serialize(message, logger), droppable, limits.send);
    if (outcome === 'skipped') skippedLevels += 1;
    if (outcome === 'dropped') {
      logger.warn(
        { event: 'bridge_slow_client', limitBytes: limits.send.dropClientAboveBytes },
        'dropping a bridge client that does not read its messages',
      );
    }
  };
  const limiter = new RequestLimiter(limits.ratePerSecond);

  send({ kind: 'hello', protocolVersion: backend.protocolVersion });
  const unsubscribe = backend.subscribe((event: AppEvent) =>
    send({ kind: 'event', event }, event.type === 'level'),
  );
  logger.info({ event: 'bridge_connected' }, 'bridge client connected');

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const verdict = limiter.take();
    if (verdict === 'close') {
      ws.close(BRIDGE_CLOSE.rateLimited, 'rate limit exceeded');
      return;
    }
    const envelope = readEnvelope(data, isBinary);
    if (!envelope.ok) {
      send({ kind: 'error', error: envelope.error });
      return;
    }
    const { id, request } = envelope;
    if (verdict === 'refuse') {
      send({ kind: 'response', id, response: { ok: false, error: BUSY } });
      return;
    }
    answerRawRequest(backend, request, logger).then(
      (response) => send({ kind: 'response', id, response }),
      (error: unknown) =>
        send({ kind: 'response', id, response: { ok: false, error: serializeError(error) } }),
    );
  });
  ws.on('close', (code) => {
    unsubscribe();
    logger.info({ event: 'bridge_disconnected', code, skippedLevels }, 'bridge client disconnected');
  });
  ws.on('error', (error) =>
    logger.warn({ event: 'bridge_socket_error', error: serializeError(error) }, 'bridge socket error'),
  );
}

const BUSY: SerializedError = {
  kind: 'busy',
  message: 'Too many requests at once: this one was not run.',
  hint: 'Wait a moment and try again.',
};

function readEnvelope(data: RawData, isBinary: boolean): Envelope {
  if (isBinary) {
    return invalid('The bridge accepts text (JSON) messages only.');
  }
  const text = rawText(data);
  if (nestsDeeperThan(text, BRIDGE_MAX_NESTING)) {
    return invalid(`The message nests arrays or objects deeper than ${BRIDGE_MAX_NESTING} levels.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return invalid(`The message is not JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  const envelope = BridgeClientMessage.safeParse(json);
  if (!envelope.success) {
    return invalid('The message is not a bridge request ({"kind":"request","id":n,"request":{...}}).');
  }
  return { ok: true, id: envelope.data.id, request: envelope.data.request };
}

function invalid(message: string): Envelope {
  return { ok: false, error: { kind: 'invalid_message', message } };
}

/** A response that cannot be written as JSON (never expected) becomes an internal error, logged. */
function serialize(message: BridgeServerMessage, logger: Logger): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    logger.error({ event: 'bridge_serialize_failed', error: serializeError(error) }, 'bridge message lost');
    const failed: SerializedError = { kind: 'internal', message: 'The app could not send its answer.' };
    if (message.kind === 'response') {
      return JSON.stringify({ kind: 'response', id: message.id, response: { ok: false, error: failed } });
    }
    return JSON.stringify({ kind: 'error', error: failed });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

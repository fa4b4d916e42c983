import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AppBackend } from '../../../shared/app-protocol.js';
import { answerRawRequest } from '../../app/answer-raw-request.js';
import { BRIDGE_PATH } from '../../../shared/app-ipc.js';
import {
  BRIDGE_MAX_MESSAGE_BYTES,
  BridgeClientMessage,
  type BridgeServerMessage,
} from '../../../shared/bridge-protocol.js';
import { serializeError, type SerializedError } from '../../../shared/errors.js';
import type { Logger } from '../../../services/logging/logger.js';
import { isLoopbackAddress } from '../../../services/local-server/loopback.js';
import { tokensMatch } from '../../../services/local-server/token.js';

export interface BridgeOptions {
  backend: AppBackend;
  /** The loopback HTTP server whose upgrade requests on BRIDGE_PATH become bridge connections. */
  server: Server;
  token: string;
  /** Origins allowed to connect, e.g. the server's own "http://127.0.0.1:PORT". Asked per connection. */
  allowedOrigins: () => readonly string[];
  maxMessageBytes?: number;
  logger: Logger;
}

export interface Bridge {
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Exposes an AppBackend to a browser page over a WebSocket on the loopback interface, for running the
 * real window against the real backend without Electron. A connection needs the random token and an
 * allowed Origin; every message is size-limited and validated.
 */
export function attachBridge(options: BridgeOptions): Bridge {
  const logger = options.logger.child({ component: 'bridge' });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? BRIDGE_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const refusal = refusalOf(request, options);
    if (refusal) {
      logger.warn(
        { event: 'bridge_refused', status: refusal.status, reason: refusal.reason },
        'bridge connection refused',
      );
      refuse(socket, refusal.status);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, options.backend, logger));
  };
  options.server.on('upgrade', onUpgrade);

  return {
    get connections() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        options.server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.close(1001, 'server closing');
        wss.close(() => resolve());
      }),
  };
}

function refusalOf(
  request: IncomingMessage,
  options: BridgeOptions,
): { status: number; reason: string } | null {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== BRIDGE_PATH) return { status: 404, reason: `no bridge at ${url.pathname}` };
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    return { status: 403, reason: `peer ${request.socket.remoteAddress} is not on this machine` };
  }
  if (!tokensMatch(options.token, url.searchParams.get('token')))
    return { status: 401, reason: 'missing or wrong token' };
  const origin = request.headers.origin;
  if (!origin || !options.allowedOrigins().includes(origin)) {
    return { status: 403, reason: `origin ${origin ?? '(none)'} is not allowed` };
  }
  return null;
}

function refuse(socket: Duplex, status: number): void {
  const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function serveConnection(ws: WebSocket, backend: AppBackend, logger: Logger): void {
  const send = (message: BridgeServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const sendError = (error: SerializedError): void => send({ kind: 'error', error });

  send({ kind: 'hello', protocolVersion: backend.protocolVersion });
  const unsubscribe = backend.subscribe((event) => send({ kind: 'event', event }));
  logger.info({ event: 'bridge_connected' }, 'bridge client connected');

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      sendError({ kind: 'invalid_message', message: 'The bridge accepts text (JSON) messages only.' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch (error) {
      sendError({ kind: 'invalid_message', message: `The message is not JSON: ${(error as Error).message}` });
      return;
    }
    const envelope = BridgeClientMessage.safeParse(json);
    if (!envelope.success) {
      sendError({
        kind: 'invalid_message',
        message: 'The message is not a bridge request ({"kind":"request","id":n,"request":{...}}).',
      });
      return;
    }
    const { id, request } = envelope.data;
    answerRawRequest(backend, request, logger).then(
      (response) => send({ kind: 'response', id, response }),
      (error: unknown) =>
        send({ kind: 'response', id, response: { ok: false, error: serializeError(error) } }),
    );
  });
  ws.on('close', (code) => {
    unsubscribe();
    logger.info({ event: 'bridge_disconnected', code }, 'bridge client disconnected');
  });
  ws.on('error', (error) =>
    logger.warn({ event: 'bridge_socket_error', error: serializeError(error) }, 'bridge socket error'),
  );
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  EVENT_API_MAX_MESSAGE_BYTES,
  EVENT_API_PATH,
  EVENT_API_VERSION,
  EventApiCommand,
  type EventApiMessage,
  type EventApiStatus,
} from '../../shared/event-api.js';
import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import { isLoopbackAddress } from '../local-server/loopback.js';
import { tokensMatch } from '../local-server/token.js';
import { TokenBucket } from './token-bucket.js';

type Broadcast = Exclude<EventApiMessage, { type: 'hello' | 'reply' }>;

export interface EventApiBackend {
  appVersion: string;
  status(): Omit<EventApiStatus, 'version' | 'clients' | 'appVersion'>;
  start(): Promise<void>;
  stop(): Promise<void>;
  cancel(): Promise<void>;
  /** Events to broadcast, already in the API's shapes. */
  subscribe(listener: (event: Broadcast) => void): () => void;
}

export interface EventApiOptions {
  backend: EventApiBackend;
  port: number;
  token: string;
  /** Browser pages always send an Origin: only these may connect (none by default). */
  allowedOrigins?: readonly string[];
  logger: Logger;
  /** Commands per second a client may send (burst = 2x); over it the client is disconnected. */
  ratePerSecond?: number;
  /** A client whose unsent backlog passes this is dropped instead of growing memory. */
  maxBufferedBytes?: number;
  maxClients?: number;
}

export interface EventApiServer {
  readonly port: number;
  readonly clients: number;
  close(): Promise<void>;
}

/** Close codes a client can act on. */
const CLOSE = { policy: 1008, tooBig: 1009, tryLater: 1013, goingAway: 1001 } as const;

export async function startEventApi(options: EventApiOptions): Promise<EventApiServer> {
  const logger = options.logger.child({ component: 'event-api' });
  const rate = options.ratePerSecond ?? 20;
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: EVENT_API_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const server: Server = createServer((req, res) => health(req, res));

  const status = (): EventApiStatus => ({
    version: EVENT_API_VERSION,
    appVersion: options.backend.appVersion,
    clients: wss.clients.size,
    ...options.backend.status(),
  });

  function health(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (req.headers.origin && !(options.allowedOrigins ?? []).includes(req.headers.origin)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"origin not allowed"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refusalOf(request);
    if (refusal) {
      logger.warn({ event: 'event_api_refused', reason: refusal.reason }, 'event API connection refused');
      socket.end(
        `HTTP/1.1 ${refusal.status} ${refusal.text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  });

  function refusalOf(request: IncomingMessage): { status: number; text: string; reason: string } | null {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== EVENT_API_PATH) return { status: 404, text: 'Not Found', reason: url.pathname };
    if (!isLoopbackAddress(request.socket.remoteAddress))
      return { status: 403, text: 'Forbidden', reason: 'not loopback' };
    const given = url.searchParams.get('token') ?? bearer(request.headers.authorization);
    if (!tokensMatch(options.token, given))
      return { status: 401, text: 'Unauthorized', reason: 'missing or wrong token' };
    const origin = request.headers.origin;
    if (origin && !(options.allowedOrigins ?? []).includes(origin)) {
      return { status: 403, text: 'Forbidden', reason: `origin ${origin}` };
    }
    if (wss.clients.size >= (options.maxClients ?? 256))
      return { status: 503, text: 'Service Unavailable', reason: 'too many clients' };
    return null;
  }

  function send(ws: WebSocket, message: EventApiMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      logger.warn(
        { event: 'event_api_slow_client', buffered: ws.bufferedAmount },
        'dropping a client that does not keep up',
      );
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  }

  function serve(ws: WebSocket): void {
    const bucket = new TokenBucket(rate * 2, rate);
    send(ws, {
      type: 'hello',
      timestamp: Date.now(),
      version: EVENT_API_VERSION,
      appVersion: options.backend.appVersion,
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!bucket.take()) {
        ws.close(CLOSE.tryLater, 'rate limit exceeded');
        return;
      }
      if (isBinary) {
        ws.close(CLOSE.policy, 'text JSON messages only');
        return;
      }
      void handle(ws, rawText(data));
    });
    ws.on('error', (error) => logger.warn({ error: serializeError(error) }, 'event API client error'));
  }

  async function handle(ws: WebSocket, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      send(ws, { type: 'reply', timestamp: Date.now(), id: null, ok: false, error: 'not JSON' });
      return;
    }
    const parsed = EventApiCommand.safeParse(json);
    if (!parsed.success) {
      const id =
        typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id.slice(0, 64) : null;
      send(ws, {
        type: 'reply',
        timestamp: Date.now(),
        id,
        ok: false,
        error: 'unknown or malformed command',
      });
      return;
    }
    const command = parsed.data;
    const id = command.id ?? null;
    try {
      if (command.type === 'start') await options.backend.start();
      else if (command.type === 'stop') await options.backend.stop();
      else if (command.type === 'cancel') await options.backend.cancel();
      send(ws, { type: 'reply', timestamp: Date.now(), id, ok: true, status: status() });
    } catch (error) {
      send(ws, { type: 'reply', timestamp: Date.now(), id, ok: false, error: serializeError(error).message });
    }
  }

  const unsubscribe = options.backend.subscribe((event) => {
    for (const client of wss.clients) send(client, event);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'event API listening on 127.0.0.1');

  return {
    port,
    get clients() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of wss.clients) client.close(CLOSE.goingAway, 'app quitting');
        wss.close(() => server.close(() => resolve()));
        server.closeAllConnections();
      }),
  };
}

function bearer(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

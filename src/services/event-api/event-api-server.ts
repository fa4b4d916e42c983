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
import { eventApiTokenProblem } from '../../shared/event-api-token.js';
import { AppError, serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import type { AuthThrottleOptions } from '../local-server/auth-throttle.js';
import { loopbackHosts } from '../local-server/loopback.js';
import { sendLimited } from '../local-server/send-limits.js';
import { TokenBucket } from '../local-server/token-bucket.js';
import { UpgradeGate } from '../local-server/upgrade-gate.js';

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
  /** Connections that are not (yet) clients: requests arriving, /health keep-alives (default 128). */
  maxPendingSockets?: number;
  /** Back-off for wrong tokens (default: 5 free, then 1 s doubling to 30 s). */
  throttle?: AuthThrottleOptions;
  /** A request (or upgrade) not complete in this time is answered 408 and closed (default 10 s). */
  requestTimeoutMs?: number;
}

export interface EventApiServer {
  readonly port: number;
  readonly clients: number;
  close(): Promise<void>;
}

/** Close codes a client can act on. */
const CLOSE = { policy: 1008, tooBig: 1009, tryLater: 1013, goingAway: 1001 } as const;

export async function startEventApi(options: EventApiOptions): Promise<EventApiServer> {
  const weak = eventApiTokenProblem(options.token);
  if (weak) {
    throw new AppError('settings_invalid', `The local event API was not started: ${weak}`, {
      hint: 'Generate a new token in Settings → Integrations.',
    });
  }
  const logger = options.logger.child({ component: 'event-api' });
  const rate = options.ratePerSecond ?? 20;
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: EVENT_API_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  // A request (or the upgrade) not complete in time is answered 408 and closed, checked every second:
  // a client that connects and sends nothing cannot hold a socket.
  const server: Server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => health(req, res));
  server.headersTimeout = options.requestTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 10_000;
  let port = 0;
  const gate = new UpgradeGate({
    server,
    name: 'event_api',
    path: EVENT_API_PATH,
    token: options.token,
    acceptBearer: true,
    hosts: () => loopbackHosts(port),
    origins: () => options.allowedOrigins ?? [],
    originRequired: false,
    clients: () => wss.clients.size,
    maxClients: options.maxClients ?? 256,
    maxPendingSockets: options.maxPendingSockets ?? 128,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    logger,
  });

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
    // A DNS-rebinding page reaches this socket under its own name; it must not read the status.
    if (!gate.allowsHost(req)) {
      res.writeHead(421, { 'content-type': 'application/json' }).end('{"error":"wrong host"}');
      return;
    }
    if (req.headers.origin && !(options.allowedOrigins ?? []).includes(req.headers.origin)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"origin not allowed"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!gate.admit(request, socket)) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      gate.accepted(socket);
      serve(ws);
    });
  });

  function send(ws: WebSocket, message: EventApiMessage): void {
    const limits = { skipDroppableAboveBytes: maxBuffered, dropClientAboveBytes: maxBuffered };
    if (sendLimited(ws, JSON.stringify(message), false, limits) === 'dropped') {
      logger.warn(
        { event: 'event_api_slow_client', limitBytes: maxBuffered },
        'dropping a client that does not keep up',
      );
    }
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

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // A port in use: nothing of this attempt may stay subscribed to the app's events.
    unsubscribe();
    gate.dispose();
    wss.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'event API listening on 127.0.0.1');

  return {
    port,
    get clients() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        gate.dispose();
        for (const client of wss.clients) client.close(CLOSE.goingAway, 'app quitting');
        wss.close(() => server.close(() => resolve()));
        server.closeAllConnections();
      }),
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

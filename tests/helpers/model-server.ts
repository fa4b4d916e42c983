import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A real HTTP server on 127.0.0.1 that serves model files the way a CDN does (Range, ETag), and can
 * misbehave on purpose: drop the connection, stall, ignore Range, answer with an error status.
 */
export type Behaviour =
  | { kind: 'normal' }
  /** Sends the file up to `at` (an offset in the file), then destroys the connection. */
  | { kind: 'drop'; at: number }
  /**
   * Answers with `Connection: close`, sends the file up to `at`, then half-closes (FIN), the way a
   * CDN that gives up on a connection does. An HTTP client must treat the body as cut short.
   */
  | { kind: 'close'; at: number }
  /** Sends the file up to `at`, then neither sends more nor closes. */
  | { kind: 'stall'; at: number }
  /** Answers every request with the whole file (HTTP 200), whatever the Range header says. */
  | { kind: 'ignore-range' }
  /** The whole file (then `extraBytes` zeros), chunked, without Content-Length or Range support. */
  | { kind: 'no-length'; extraBytes?: number }
  /** Sends `bytes` from where the request starts, then neither sends more nor closes. */
  | { kind: 'stall-after'; bytes: number }
  /** A redirect (302 unless `status` says otherwise) to `location`, absolute or relative. */
  | { kind: 'redirect'; location: string; status?: number }
  /** The file gzip-compressed, with Content-Encoding: gzip, whatever the client asked for. */
  | { kind: 'gzip' }
  /** `chunkBytes` every `intervalMs`. */
  | { kind: 'throttle'; chunkBytes: number; intervalMs: number }
  | { kind: 'status'; status: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

export interface Route {
  body: Buffer;
  /** The ETag header (default: the SHA-256 of the body, quoted). */
  etag?: string;
  /** Behaviour for the n-th request to this path (0-based); normal when it returns undefined. */
  behaviour?: (requestIndex: number) => Behaviour | undefined;
}

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
}

export interface ModelServer {
  /** http://127.0.0.1:port + path */
  url(path: string): string;
  origin: string;
  requests: RecordedRequest[];
  /** Bytes of body written so far for a path, over all requests. */
  sentBytes(path: string): number;
  close(): Promise<void>;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('hex')}"`;
}

function writeAsync(res: http.ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

const compressed = new WeakMap<Buffer, Buffer>();

export async function startModelServer(routes: Record<string, Route>): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const sent = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    requests.push({
      path,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
    });
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const index = counts.get(path) ?? 0;
    counts.set(path, index + 1);
    const behaviour = route.behaviour?.(index) ?? { kind: 'normal' };
    const body = route.body;
    const etag = route.etag ?? etagOf(body);
    const count = (n: number) => sent.set(path, (sent.get(path) ?? 0) + n);

    void (async () => {
      if (behaviour.kind === 'hang') return;
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end(`status ${behaviour.status}`);
        return;
      }
      if (behaviour.kind === 'redirect') {
        res.writeHead(behaviour.status ?? 302, { location: behaviour.location }).end();
        return;
      }
      if (behaviour.kind === 'gzip') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' });
        const gzipped = compressed.get(body) ?? gzipSync(body);
        compressed.set(body, gzipped);
        res.end(gzipped);
        return;
      }
      if (behaviour.kind === 'no-length') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const whole = Buffer.concat([body, Buffer.alloc(behaviour.extraBytes ?? 0)]);
        for (let offset = 0; offset < whole.length && !res.destroyed; offset += 64 * 1024) {
          const chunk = whole.subarray(offset, offset + 64 * 1024);
          await writeAsync(res, chunk).catch(() => undefined);
          count(chunk.length);
        }
        res.end();
        return;
      }
      let start = 0;
      const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const ifRange = req.headers['if-range'];
      const honourRange = behaviour.kind !== 'ignore-range' && match && (!ifRange || ifRange === etag);
      if (honourRange) {
        start = Number(match[1]);
        if (start >= body.length) {
          res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
          return;
        }
        res.writeHead(206, {
          'content-type': 'application/octet-stream',
          'content-length': body.length - start,
          'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
          'accept-ranges': 'bytes',
          etag,
        });
      } else {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': body.length,
          'accept-ranges': 'bytes',
          etag,
          ...(behaviour.kind === 'close' ? { connection: 'close' } : {}),
        });
      }
      res.flushHeaders();
      if (behaviour.kind === 'close') {
        const end = Math.max(start, Math.min(behaviour.at, body.length));
        await writeAsync(res, body.subarray(start, end));
        count(end - start);
        res.socket?.end();
        return;
      }
      if (behaviour.kind === 'stall-after') {
        const end = Math.min(start + behaviour.bytes, body.length);
        await writeAsync(res, body.subarray(start, end));
        count(end - start);
        return;
      }
      if (behaviour.kind === 'drop' || behaviour.kind === 'stall') {
        const end = Math.max(start, Math.min(behaviour.at, body.length));
        if (end > start) {
          await writeAsync(res, body.subarray(start, end));
          count(end - start);
        }
        if (behaviour.kind === 'drop') res.socket?.destroy();
        return;
      }
      if (behaviour.kind === 'throttle') {
        for (let offset = start; offset < body.length; offset += behaviour.chunkBytes) {
          if (res.destroyed) return;
          const chunk = body.subarray(offset, offset + behaviour.chunkBytes);
          await writeAsync(res, chunk).catch(() => undefined);
          count(chunk.length);
          await new Promise((resolve) => setTimeout(resolve, behaviour.intervalMs));
        }
        res.end();
        return;
      }
      count(body.length - start);
      res.end(body.subarray(start));
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    sentBytes: (path) => sent.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP server that answers each connection with `respond` (after the request head arrives), for
 * responses node:http refuses to send: oversized or dripping headers, a body past Content-Length.
 */
export async function startRawServer(
  respond: (socket: net.Socket) => void,
): Promise<{ url(path: string): string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (data: Buffer) => {
      head += data.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      respond(socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

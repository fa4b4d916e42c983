import net from 'node:net';

export interface RawUpgrade {
  path: string;
  /** The Host header; none is sent when null. */
  host: string | null;
  origin?: string;
  authorization?: string;
  /** The loopback address to connect from (any 127.x.y.z), e.g. to be a peer of its own. */
  localAddress?: string;
}

/** The status line's code and the headers of an HTTP answer read off a raw socket. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
}

/**
 * A WebSocket upgrade request written by hand over TCP, as any local program could. Resolves with the
 * server's answer, then (when `reset`) resets the connection (RST) instead of closing it, as a crashing
 * or hostile client does. A connection the server closes without an answer resolves with status 0.
 */
export function rawUpgrade(port: number, request: RawUpgrade, reset = true): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      ...(request.localAddress ? { localAddress: request.localAddress } : {}),
    });
    let received = '';
    const lines = [
      `GET ${request.path} HTTP/1.1`,
      ...(request.host === null ? [] : [`Host: ${request.host}`]),
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      ...(request.origin ? [`Origin: ${request.origin}`] : []),
      ...(request.authorization ? [`Authorization: ${request.authorization}`] : []),
    ];
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = received.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      if (reset) socket.resetAndDestroy();
      else socket.end();
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers });
    });
    socket.on('close', () => resolve({ status: 0, headers: {} }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') resolve({ status: 0, headers: {} });
      else reject(error);
    });
  });
}

/** Plain TCP connections that send nothing, held open until closed. */
export async function idleConnections(port: number, count: number): Promise<net.Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
          socket.on('error', reject);
        }),
    ),
  );
}

/** Resolves true when the server closes `socket` within `ms`, false when it stays open. */
export function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('end', done);
    socket.once('close', done);
    socket.on('error', () => undefined);
  });
}

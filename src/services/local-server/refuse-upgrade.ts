import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';

/** How long a refused client may take to read the answer and close before its socket is destroyed. */
const LINGER_MS = 2000;

const guarded = new WeakSet<Duplex>();

/**
 * The raw socket Node hands an 'upgrade' listener has no 'error' listener: a client that resets the
 * connection (after reading a refusal, or in the middle of the handshake) would raise an uncaught
 * ECONNRESET in the app. Call this first thing for every upgrade request.
 */
export function guardRawSocket(socket: Duplex, logger: Logger): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', (error) => {
    // A peer that resets or vanishes is routine for a server; the connection is simply gone.
    logger.debug(
      { event: 'local_socket_error', error: serializeError(error) },
      'a client connection ended with an error',
    );
  });
}

/** Answers an upgrade request that will not become a WebSocket, and closes the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  logger: Logger,
  headers: Readonly<Record<string, string>> = {},
): void {
  guardRawSocket(socket, logger);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}`,
    'Connection: close',
    'Content-Length: 0',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
  // A client that never closes its side would keep the socket (half-open) for ever.
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

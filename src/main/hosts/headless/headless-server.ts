import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppBackend } from '../../../shared/app-protocol.js';
import { BRIDGE_PATH } from '../../../shared/app-ipc.js';
import { serializeError } from '../../../shared/errors.js';
import { attachBridge, type Bridge, type BridgeLimits } from './bridge-server.js';
import { loopbackHosts } from '../../../services/local-server/loopback.js';
import { createBridgeToken } from '../../../services/local-server/token.js';
import type { Logger } from '../../../services/logging/logger.js';
import { staticFileHandler } from './static-files.js';

export interface HeadlessServerOptions {
  backend: AppBackend;
  /** The built renderer: dist/renderer. */
  rendererDir: string;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  maxMessageBytes?: number;
  /** The bridge's limits beyond the message size (clients, rate, back-pressure, pending sockets). */
  bridgeLimits?: BridgeLimits;
}

export interface HeadlessServer {
  /** The page to open: the renderer with the bridge address and token in its query string. */
  readonly url: string;
  /** "http://127.0.0.1:PORT" */
  readonly origin: string;
  readonly bridgeUrl: string;
  readonly token: string;
  readonly bridge: Bridge;
  close(): Promise<void>;
}

/**
 * The real window in any browser, against a real backend: serves dist/renderer over HTTP on 127.0.0.1
 * and the loopback WebSocket bridge on the same origin (the page's CSP allows connect-src 'self').
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  let port = 0;
  const hosts = () => loopbackHosts(port);
  const origins = () => hosts().map((host) => `http://${host}`);
  const serveFile = staticFileHandler(options.rendererDir, hosts);
  // Requests not complete in 10 s are closed (checked every second), so idle sockets cannot pile up.
  const server = http.createServer({ connectionsCheckingInterval: 1000 }, (request, response) => {
    serveFile(request, response).catch((error: unknown) => {
      options.logger.error(
        { event: 'static_file_failed', error: serializeError(error) },
        'serving a file failed',
      );
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  const token = createBridgeToken();
  const bridge = attachBridge({
    ...options.bridgeLimits,
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    backend: options.backend,
    server,
    token,
    hosts,
    origins,
    logger: options.logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const bridgeUrl = `ws://127.0.0.1:${port}${BRIDGE_PATH}`;
  const query = new URLSearchParams({ bridge: bridgeUrl, token });
  return {
    url: `${origin}/?${query.toString()}`,
    origin,
    bridgeUrl,
    token,
    bridge,
    async close() {
      await bridge.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

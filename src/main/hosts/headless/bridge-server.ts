import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppBackend } from '../../../shared/app-protocol.js';
import { BRIDGE_PATH } from '../../../shared/app-ipc.js';
import { BRIDGE_CLOSE, BRIDGE_MAX_MESSAGE_BYTES } from '../../../shared/bridge-protocol.js';
import type { AuthThrottleOptions } from '../../../services/local-server/auth-throttle.js';
import type { SendLimits } from '../../../services/local-server/send-limits.js';
import { UpgradeGate, type UpgradeGateOptions } from '../../../services/local-server/upgrade-gate.js';
import { serveConnection } from './bridge-connection.js';

/** Limits of the bridge; every one has a default fit for one window (or a few tabs). */
export interface BridgeLimits {
  maxMessageBytes?: number;
  /** Windows connected at once (default 16). */
  maxClients?: number;
  /** Requests per second per window, bursts of twice that (default 100). */
  ratePerSecond?: number;
  /** Backlog per window above which levels are skipped (default 64 KiB) and it is dropped (8 MiB). */
  send?: Partial<SendLimits>;
  /** Connections to the server that are not (yet) bridge clients, page loads included (default 64). */
  maxPendingSockets?: number;
  /** Back-off for wrong tokens (default: 5 free, then 1 s doubling to 30 s). */
  throttle?: AuthThrottleOptions;
}

/**
 * `server`: the loopback HTTP server whose upgrade requests on BRIDGE_PATH become bridge connections;
 * `hosts` and `origins`: its own address by number and by name ("127.0.0.1:PORT", "localhost:PORT").
 */
export interface BridgeOptions
  extends BridgeLimits, Pick<UpgradeGateOptions, 'server' | 'token' | 'hosts' | 'origins' | 'logger'> {
  backend: AppBackend;
}

export interface Bridge {
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Exposes an AppBackend to a browser page over a WebSocket on the loopback interface, for running the
 * real window against the real backend without Electron. A connection needs the random token, the
 * server's own Host and an allowed Origin (see UpgradeGate); every message is size-limited, validated
 * and rate-limited (see serveConnection).
 */
export function attachBridge(options: BridgeOptions): Bridge {
  const logger = options.logger.child({ component: 'bridge' });
  const maxClients = options.maxClients ?? 16;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? BRIDGE_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const gate = new UpgradeGate({
    server: options.server,
    name: 'bridge',
    path: BRIDGE_PATH,
    token: options.token,
    acceptBearer: false,
    hosts: options.hosts,
    origins: options.origins,
    originRequired: true,
    clients: () => wss.clients.size,
    maxClients,
    maxPendingSockets: options.maxPendingSockets ?? 64,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    logger,
  });
  const limits = {
    ratePerSecond: options.ratePerSecond ?? 100,
    send: {
      skipDroppableAboveBytes: options.send?.skipDroppableAboveBytes ?? 64 * 1024,
      dropClientAboveBytes: options.send?.dropClientAboveBytes ?? 8 * 1024 * 1024,
    },
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!gate.admit(request, socket)) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      gate.accepted(socket);
      serveConnection(ws, options.backend, limits, logger);
    });
  };
  options.server.on('upgrade', onUpgrade);

  return {
    get connections() {
      return wss.clients.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        options.server.off('upgrade', onUpgrade);
        gate.dispose();
        for (const client of wss.clients) client.close(BRIDGE_CLOSE.goingAway, 'server closing');
        wss.close(() => resolve());
      }),
  };
}

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logging/logger.js';
import { AuthThrottle, type AuthThrottleOptions } from './auth-throttle.js';
import { isAllowedHost, isLoopbackAddress } from './loopback.js';
import { PendingSockets } from './pending-sockets.js';
import { guardRawSocket, refuseUpgrade } from './refuse-upgrade.js';
import { tokensMatch } from './token.js';

export interface UpgradeGateOptions {
  server: Server;
  /** Name in log events, e.g. 'event_api' or 'bridge'. */
  name: string;
  path: string;
  token: string;
  /** The token is read from `?token=`; programs may send `Authorization: Bearer` instead. */
  acceptBearer: boolean;
  /** Host header values answered (the server's own address and port, by name). Asked per request. */
  hosts: () => readonly string[];
  /** Origins allowed. Asked per request. */
  origins: () => readonly string[];
  /** Browsers always send an Origin: a server only for pages refuses a request without one. */
  originRequired: boolean;
  clients: () => number;
  maxClients: number;
  maxPendingSockets: number;
  throttle?: AuthThrottleOptions;
  logger: Logger;
}

interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/** Refusals logged per minute; past it they are counted and summed up once the minute is over. */
const LOGGED_REFUSALS_PER_MINUTE = 20;

/**
 * Who may open a WebSocket on a loopback server: a peer on this machine, addressing the server by its
 * own name (no DNS rebinding), with the token (wrong tokens back off per address), from an allowed
 * Origin, while there is room. Every refusal is answered on a socket that cannot crash the app, and
 * connections that are not yet WebSockets are capped.
 */
export class UpgradeGate {
  private readonly throttle: AuthThrottle;
  private readonly pending: PendingSockets;
  private readonly logger: Logger;
  private logWindowStart = 0;
  private loggedInWindow = 0;
  private unlogged = 0;

  constructor(private readonly options: UpgradeGateOptions) {
    this.logger = options.logger;
    this.throttle = new AuthThrottle(options.throttle);
    this.pending = new PendingSockets(options.server, options.maxPendingSockets, options.logger);
  }

  /** True when the request may become a WebSocket; otherwise it has been answered and closed. */
  admit(request: IncomingMessage, socket: Duplex): boolean {
    guardRawSocket(socket, this.logger);
    const refusal = this.refusalOf(request);
    if (!refusal) return true;
    this.logRefusal(refusal);
    refuseUpgrade(socket, refusal.status, this.logger, refusal.headers);
    return false;
  }

  /** The socket is a WebSocket now: it no longer counts as pending. */
  accepted(socket: Duplex): void {
    this.pending.accepted(socket);
  }

  /** For plain HTTP requests on the same server (/health): addressed to this server by name? */
  allowsHost(request: IncomingMessage): boolean {
    return isAllowedHost(request.headers.host, this.options.hosts());
  }

  get pendingSockets(): number {
    return this.pending.count;
  }

  dispose(): void {
    this.pending.dispose();
  }

  private refusalOf(request: IncomingMessage): Refusal | null {
    const { options } = this;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== options.path) return { status: 404, reason: `no WebSocket at ${url.pathname}` };
    const address = request.socket.remoteAddress;
    if (!isLoopbackAddress(address)) return { status: 403, reason: `peer ${address} is not on this machine` };
    if (!this.allowsHost(request)) {
      return { status: 421, reason: `Host ${clip(request.headers.host)} is not this server` };
    }
    const peer = address ?? '';
    const wait = this.throttle.waitMs(peer);
    if (wait > 0) {
      return {
        status: 429,
        reason: `too many wrong tokens from ${peer}: waiting ${wait} ms`,
        headers: { 'Retry-After': String(Math.ceil(wait / 1000)) },
      };
    }
    const given =
      url.searchParams.get('token') ?? (options.acceptBearer ? bearer(request.headers.authorization) : null);
    if (!tokensMatch(options.token, given)) {
      const backoff = this.throttle.failed(peer);
      return {
        status: 401,
        reason: backoff > 0 ? `wrong token; ${peer} waits ${backoff} ms` : 'missing or wrong token',
      };
    }
    const origin = request.headers.origin;
    if (origin === undefined ? options.originRequired : !options.origins().includes(origin)) {
      return { status: 403, reason: `origin ${clip(origin)} is not allowed` };
    }
    if (options.clients() >= options.maxClients) {
      return { status: 503, reason: `already ${options.maxClients} clients` };
    }
    this.throttle.succeeded(peer);
    return null;
  }

  private logRefusal(refusal: Refusal): void {
    const now = Date.now();
    if (now - this.logWindowStart > 60_000) {
      if (this.unlogged > 0) {
        this.logger.warn(
          { event: `${this.options.name}_refused_unlogged`, count: this.unlogged },
          'more connections were refused than logged',
        );
      }
      this.logWindowStart = now;
      this.loggedInWindow = 0;
      this.unlogged = 0;
    }
    if (this.loggedInWindow >= LOGGED_REFUSALS_PER_MINUTE) {
      this.unlogged += 1;
      return;
    }
    this.loggedInWindow += 1;
    this.logger.warn(
      { event: `${this.options.name}_refused`, status: refusal.status, reason: refusal.reason },
      'connection refused',
    );
  }
}

/** Headers are the client's words: a log line gets at most 100 characters of one. */
function clip(header: string | undefined): string {
  if (header === undefined) return '(none)';
  return header.length > 100 ? `${header.slice(0, 100)}...` : header;
}

function bearer(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logging/logger.js';

/**
 * Caps the connections on a server that are not (yet) an accepted WebSocket: requests still arriving,
 * idle keep-alive connections, refused upgrades still closing. Past the cap a new connection is closed
 * at once, so a program without the token cannot use up the app's file descriptors or memory.
 */
export class PendingSockets {
  private readonly pending = new Set<Socket>();
  private refusing = false;

  constructor(
    private readonly server: Server,
    private readonly max: number,
    private readonly logger: Logger,
  ) {
    server.on('connection', this.onConnection);
  }

  get count(): number {
    return this.pending.size;
  }

  /** The socket became an accepted WebSocket: it counts against the client cap from now on. */
  accepted(socket: Duplex): void {
    this.pending.delete(socket as Socket);
  }

  dispose(): void {
    this.server.off('connection', this.onConnection);
  }

  private readonly onConnection = (socket: Socket): void => {
    if (this.pending.size >= this.max) {
      if (!this.refusing) {
        this.refusing = true;
        this.logger.warn(
          { event: 'local_server_pending_cap', max: this.max },
          'too many connections without a WebSocket: new ones are closed until some end',
        );
      }
      socket.destroy();
      return;
    }
    this.refusing = false;
    this.pending.add(socket);
    socket.once('close', () => this.pending.delete(socket));
  };
}

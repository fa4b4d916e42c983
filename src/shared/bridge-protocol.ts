import { z } from 'zod';
import { SerializedError } from './errors.js';

/**
 * Envelopes of the loopback WebSocket bridge (src/main/bridge): the same AppRequest / AppResponse /
 * AppEvent as the preload's IPC, wrapped with a request id. The payloads inside are validated with the
 * app protocol's own schemas where they arrive.
 */

/** Largest message either side accepts; the server closes the connection (1009) on a bigger one. */
export const BRIDGE_MAX_MESSAGE_BYTES = 256 * 1024;

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const BridgeClientMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id: requestId, request: z.unknown() }),
]);
export type BridgeClientMessage = z.infer<typeof BridgeClientMessage>;

export const BridgeServerMessage = z.discriminatedUnion('kind', [
  /** First message on every connection: the backend's protocol version. */
  z.object({ kind: z.literal('hello'), protocolVersion: z.number().int() }),
  z.object({ kind: z.literal('response'), id: requestId, response: z.unknown() }),
  z.object({ kind: z.literal('event'), event: z.unknown() }),
  /** A message the server could not read at all (not JSON, no envelope). */
  z.object({ kind: z.literal('error'), error: SerializedError }),
]);
export type BridgeServerMessage = z.infer<typeof BridgeServerMessage>;

import { z } from 'zod';
import { SerializedError } from './errors.js';

/**
 * Envelopes of the loopback WebSocket bridge (src/main/hosts/headless/bridge-server.ts): the same AppRequest / AppResponse /
 * AppEvent as the preload's IPC, wrapped with a request id. The payloads inside are validated with the
 * app protocol's own schemas where they arrive.
 */

/** Largest message either side accepts; the server closes the connection (1009) on a bigger one. */
export const BRIDGE_MAX_MESSAGE_BYTES = 256 * 1024;

/** Arrays and objects nested deeper than this are refused unparsed (invalid_message); requests need ~6. */
export const BRIDGE_MAX_NESTING = 64;

/**
 * Close codes the server uses. Frame-level garbage is closed by the WebSocket layer (ws) itself:
 * a frame that breaks RFC 6455 (bad opcode, reserved bits, an unmasked client frame) with 1002, a text
 * message that is not UTF-8 with 1007, a message over the size limit with 1009. A client that stops
 * reading its messages is cut off without a close frame (the client sees 1006).
 */
export const BRIDGE_CLOSE = {
  goingAway: 1001,
  protocolError: 1002,
  invalidUtf8: 1007,
  tooBig: 1009,
  /** More requests than the rate limit, and still more while refused. */
  rateLimited: 1013,
} as const;

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

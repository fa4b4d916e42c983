import type { WebSocket } from 'ws';

/** How much unsent data a client may have queued in the app before it is held back or cut off. */
export interface SendLimits {
  /** Above this backlog a message that can be missed (an audio level) is skipped. */
  skipDroppableAboveBytes: number;
  /** Above this backlog the client is disconnected instead of growing the app's memory. */
  dropClientAboveBytes: number;
}

export type SendOutcome = 'sent' | 'skipped' | 'dropped' | 'closed';

/**
 * Sends unless the client is behind: `bufferedAmount` is what the socket still holds for a client that
 * reads slowly (or not at all), and it lives in this process's memory.
 */
export function sendLimited(
  ws: WebSocket,
  text: string,
  droppable: boolean,
  limits: SendLimits,
): SendOutcome {
  if (ws.readyState !== ws.OPEN) return 'closed';
  const backlog = ws.bufferedAmount;
  if (backlog > limits.dropClientAboveBytes) {
    ws.terminate();
    return 'dropped';
  }
  if (droppable && backlog > limits.skipDroppableAboveBytes) return 'skipped';
  ws.send(text);
  return 'sent';
}

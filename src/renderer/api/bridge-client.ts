import { BridgeServerMessage } from '../../shared/bridge-protocol.js';
import type { AppEvent, AppRequestType, AppResponse } from '../../shared/app-protocol.js';
import type { SerializedError } from '../../shared/errors.js';
import { deliverEvent, parseAppResponse, type AppClient } from './app-client.js';

const HELLO_TIMEOUT_MS = 5000;

interface Pending {
  type: AppRequestType;
  resolve: (response: AppResponse) => void;
}

/**
 * The window in a plain browser: the app core behind the loopback WebSocket bridge (src/main/bridge).
 * Resolves once the server's hello (with its protocol version) has arrived.
 */
export function connectBridge(
  bridgeUrl: string,
  token: string,
  onInvalidEvent: (error: SerializedError) => void,
): Promise<AppClient> {
  const url = new URL(bridgeUrl);
  url.searchParams.set('token', token);
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: AppEvent) => void>();
  const lostListeners = new Set<(error: SerializedError) => void>();
  let nextId = 1;
  let closedByUs = false;

  const lost = (message: string): void => {
    const error: SerializedError = {
      kind: 'io',
      message,
      hint: 'Check that the app (or `npm run serve:headless`) is still running, then reload this page.',
    };
    for (const entry of pending.values()) entry.resolve({ ok: false, error });
    pending.clear();
    if (!closedByUs) for (const listener of lostListeners) listener(error);
    lostListeners.clear();
  };

  return new Promise<AppClient>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`The app did not answer at ${url.host} within ${HELLO_TIMEOUT_MS / 1000} s.`));
    }, HELLO_TIMEOUT_MS);

    socket.addEventListener('message', (message) => {
      const parsed = typeof message.data === 'string' ? safeJson(message.data) : undefined;
      const envelope = BridgeServerMessage.safeParse(parsed);
      if (!envelope.success) {
        onInvalidEvent({
          kind: 'invalid_message',
          message: 'The app sent a message the window cannot read.',
        });
        return;
      }
      const data = envelope.data;
      switch (data.kind) {
        case 'hello':
          clearTimeout(timer);
          resolve(client(data.protocolVersion));
          return;
        case 'response': {
          const entry = pending.get(data.id);
          if (!entry) return;
          pending.delete(data.id);
          entry.resolve(parseAppResponse(entry.type, data.response));
          return;
        }
        case 'event':
          for (const listener of [...listeners]) deliverEvent(data.event, listener, onInvalidEvent);
          return;
        case 'error':
          onInvalidEvent(data.error);
          return;
      }
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      reject(
        new Error(`The connection to the app at ${url.host} was refused or closed (code ${event.code}).`),
      );
      lost(`The connection to the app was lost (code ${event.code}).`);
    });
  });

  function client(backendProtocolVersion: number): AppClient {
    return {
      transport: 'bridge',
      backendProtocolVersion,
      invoke(request) {
        const type = request.type;
        if (socket.readyState !== WebSocket.OPEN) {
          return Promise.resolve({
            ok: false,
            error: {
              kind: 'io',
              message: 'The window is not connected to the app.',
              hint: 'Reload this page.',
            },
          });
        }
        const id = nextId++;
        return new Promise((resolve) => {
          pending.set(id, { type, resolve: resolve as (response: AppResponse) => void });
          socket.send(JSON.stringify({ kind: 'request', id, request }));
        });
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      onLost(listener) {
        lostListeners.add(listener);
      },
      close() {
        closedByUs = true;
        socket.close(1000);
      },
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

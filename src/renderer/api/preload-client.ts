import type { PreloadApi } from '../../shared/app-ipc.js';
import type { AppEvent } from '../../shared/app-protocol.js';
import type { SerializedError } from '../../shared/errors.js';
import { deliverEvent, parseAppResponse, transportError, type AppClient } from './app-client.js';

/** The Electron window: requests go through the preload's `window.dictation`. */
export function createPreloadClient(
  api: PreloadApi,
  onInvalidEvent: (error: SerializedError) => void,
): AppClient {
  return {
    transport: 'preload',
    backendProtocolVersion: api.protocolVersion,
    async invoke(request) {
      try {
        return parseAppResponse(request.type, await api.invoke(request));
      } catch (error) {
        return { ok: false, error: transportError(request.type, error) };
      }
    },
    subscribe: (listener: (event: AppEvent) => void) =>
      api.subscribe((raw) => deliverEvent(raw, listener, onInvalidEvent)),
    onLost: () => undefined,
    close: () => undefined,
  };
}

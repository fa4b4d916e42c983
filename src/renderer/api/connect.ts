import type { SerializedError } from '../../shared/errors.js';
import type { AppClient } from './app-client.js';
import { connectBridge } from './bridge-client.js';
import { createPreloadClient } from './preload-client.js';

/**
 * The preload's API when the window runs inside the app; otherwise the loopback bridge named in the
 * page's URL (`?bridge=ws://127.0.0.1:PORT/bridge&token=...`, printed by `npm run serve:headless`).
 */
export async function connectToApp(
  location: Location,
  onInvalidEvent: (error: SerializedError) => void,
): Promise<AppClient> {
  if (window.dictation) return createPreloadClient(window.dictation, onInvalidEvent);
  const params = new URLSearchParams(location.search);
  const bridge = params.get('bridge');
  const token = params.get('token');
  if (!bridge || !token) {
    throw new Error(
      'This page is not connected to the Dictation app. Open it from the app, or use the address printed by `npm run serve:headless`.',
    );
  }
  return connectBridge(bridge, token, onInvalidEvent);
}

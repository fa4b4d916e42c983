import type { AppPayload, AppRequestOf, AppRequestType, AppResponse } from '../../shared/app-protocol.js';
import { pushNotice, useAppStore } from './app-store.js';

/** Sends a request; the answer (or the error) comes back as it is. */
export async function invoke<T extends AppRequestType>(request: AppRequestOf<T>): Promise<AppResponse<T>> {
  const { client, connection } = useAppStore.getState();
  if (!client || connection.status !== 'ready') {
    return {
      ok: false,
      error: {
        kind: 'unavailable',
        message: 'The window is not connected to the app.',
        hint: 'Reload the window.',
      },
    };
  }
  return client.invoke(request);
}

/** Sends a request and shows its error, if any, as a notice; resolves to the payload or null. */
export async function request<T extends AppRequestType>(req: AppRequestOf<T>): Promise<AppPayload<T> | null> {
  const response = await invoke(req);
  if (response.ok) return response.payload;
  const { message, hint } = response.error;
  pushNotice(hint === undefined ? { level: 'error', message } : { level: 'error', message, hint });
  return null;
}

import { APP_PROTOCOL_VERSION } from '../../shared/app-ipc.js';
import type { SerializedError } from '../../shared/errors.js';
import { connectToApp } from '../api/connect.js';
import { applyEvent } from './apply-event.js';
import { pushNotice, useAppStore } from './app-store.js';

const reportInvalid = (error: SerializedError): void => {
  pushNotice(
    error.hint === undefined
      ? { level: 'error', message: error.message }
      : { level: 'error', message: error.message, hint: error.hint },
  );
};

/**
 * Connects to the app, compares protocol versions (a mismatch disables every action and says so),
 * then subscribes to events and loads the current state.
 */
export async function boot(location: Location): Promise<void> {
  const set = useAppStore.setState;
  let client;
  try {
    client = await connectToApp(location, reportInvalid);
  } catch (error) {
    set({ connection: { status: 'failed', message: (error as Error).message } });
    return;
  }
  if (client.backendProtocolVersion !== APP_PROTOCOL_VERSION) {
    client.close();
    set({
      connection: {
        status: 'mismatch',
        windowVersion: APP_PROTOCOL_VERSION,
        appVersion: client.backendProtocolVersion,
      },
    });
    return;
  }
  client.onLost((error) => {
    set({
      connection:
        error.hint === undefined
          ? { status: 'lost', message: error.message }
          : { status: 'lost', message: error.message, hint: error.hint },
    });
  });
  client.subscribe((event) => {
    const effect = applyEvent(useAppStore.getState(), event);
    set(effect.state);
    if (effect.notice) pushNotice(effect.notice);
  });
  const response = await client.invoke({ type: 'get_state' });
  if (!response.ok) {
    set({ connection: { status: 'failed', message: response.error.message, ...hintOf(response.error) } });
    return;
  }
  const state = response.payload;
  if (state.protocolVersion !== APP_PROTOCOL_VERSION) {
    set({
      connection: {
        status: 'mismatch',
        windowVersion: APP_PROTOCOL_VERSION,
        appVersion: state.protocolVersion,
      },
    });
    return;
  }
  set({
    client,
    connection: { status: 'ready', transport: client.transport },
    status: state.dictation,
    lastTranscript: state.lastTranscript,
    settings: state.settings,
    features: state.features,
  });
  for (const warning of state.settingsWarnings) pushNotice({ level: 'warning', message: warning.message });
}

function hintOf(error: SerializedError): { hint?: string } {
  return error.hint === undefined ? {} : { hint: error.hint };
}

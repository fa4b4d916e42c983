import type { AppEvent } from '../../../shared/app-protocol.js';
import type { IntegrationsStatus } from '../../../shared/sessions.js';
import { invoke } from '../../store/requests.js';
import { useLiveValue } from '../../store/use-live-value.js';

/** The client count is not pushed (it changes with every connection), so it is asked for this often. */
const REFRESH_MS = 5000;

const load = async (): Promise<IntegrationsStatus | null> => {
  const response = await invoke({ type: 'integrations_status' });
  return response.ok ? response.payload : null;
};
const onEvent = (event: AppEvent, { set }: { set: (status: IntegrationsStatus) => void }) => {
  if (event.type === 'integrations_changed') set(event.status);
};

/**
 * Whether the event API is listening (or why not) and which session is being recorded: asked for when
 * shown, then kept current by the pushed integrations_changed events.
 */
export function useIntegrationsStatus(): IntegrationsStatus | null {
  return useLiveValue(load, onEvent, REFRESH_MS);
}

import type { AppEvent } from '../../shared/app-protocol.js';
import type { SessionList } from '../../shared/sessions.js';
import { request } from '../store/requests.js';
import { useLiveValue } from '../store/use-live-value.js';

const load = () => request({ type: 'sessions_list' });
const onEvent = (event: AppEvent, { reload }: { reload: () => void }) => {
  if (event.type === 'sessions_changed' || event.type === 'integrations_changed') reload();
};

/** The recorded sessions, newest first; reloaded whenever main says they changed. */
export function useSessions(): SessionList | null {
  return useLiveValue(load, onEvent);
}

import { useEffect, useState } from 'react';
import type { IntegrationsStatus } from '../../../shared/sessions.js';
import { useAppStore } from '../../store/app-store.js';
import { invoke } from '../../store/requests.js';

/** The client count is not pushed (it changes with every connection), so it is asked for this often. */
const REFRESH_MS = 5000;

/**
 * Whether the event API is listening (or why not) and which session is being recorded: asked for when
 * shown, then kept current by the pushed integrations_changed events.
 */
export function useIntegrationsStatus(): IntegrationsStatus | null {
  const client = useAppStore((state) => state.client);
  const ready = useAppStore((state) => state.connection.status === 'ready');
  const [status, setStatus] = useState<IntegrationsStatus | null>(null);
  useEffect(() => {
    if (!client || !ready) return;
    let live = true;
    const refresh = () =>
      void invoke({ type: 'integrations_status' }).then((response) => {
        if (live && response.ok) setStatus(response.payload);
      });
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'integrations_changed') setStatus(event.status);
    });
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [client, ready]);
  return status;
}

import { useEffect, useState } from 'react';
import type { SessionList } from '../../shared/sessions.js';
import { useAppStore } from '../store/app-store.js';
import { request } from '../store/requests.js';

/** The recorded sessions, newest first; reloaded whenever main says they changed. */
export function useSessions(): SessionList | null {
  const client = useAppStore((state) => state.client);
  const ready = useAppStore((state) => state.connection.status === 'ready');
  const [list, setList] = useState<SessionList | null>(null);
  useEffect(() => {
    if (!client || !ready) return;
    let live = true;
    const load = () =>
      void request({ type: 'sessions_list' }).then((result) => {
        if (live && result) setList(result);
      });
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'sessions_changed' || event.type === 'integrations_changed') load();
    });
    load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, ready]);
  return list;
}

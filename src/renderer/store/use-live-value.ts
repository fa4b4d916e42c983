import { useEffect, useState } from 'react';
import type { AppEvent } from '../../shared/app-protocol.js';
import { useAppStore } from './app-store.js';

/**
 * A value asked of the app once the connection is ready, and kept current: `onEvent` may reload it or
 * set it from a pushed event; `refreshMs` also asks again that often (for what is not pushed).
 */
export function useLiveValue<T>(
  load: () => Promise<T | null>,
  onEvent: (event: AppEvent, actions: { reload: () => void; set: (value: T) => void }) => void,
  refreshMs?: number,
  /** False where the app lacks what is asked for (an older host, a feature off): nothing is asked. */
  enabled = true,
): T | null {
  const client = useAppStore((state) => state.client);
  const ready = useAppStore((state) => state.connection.status === 'ready');
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!client || !ready || !enabled) return;
    let live = true;
    const reload = () =>
      void load().then((loaded) => {
        if (live && loaded !== null) setValue(loaded);
      });
    const set = (next: T) => {
      if (live) setValue(next);
    };
    const unsubscribe = client.subscribe((event) => onEvent(event, { reload, set }));
    reload();
    const timer = refreshMs ? setInterval(reload, refreshMs) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      unsubscribe();
    };
    // load and onEvent are module-level functions in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, ready, refreshMs, enabled]);
  return enabled ? value : null;
}

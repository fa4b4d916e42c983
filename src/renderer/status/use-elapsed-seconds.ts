import { useEffect, useState } from 'react';

/**
 * Whole seconds since `since` (epoch ms), re-rendered just after each second boundary. Computed from the
 * start time on every tick, so it cannot drift however late the timers fire.
 */
export function useElapsedSeconds(since: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const elapsed = Math.max(0, Date.now() - since);
      timer = setTimeout(
        () => {
          setNow(Date.now());
          schedule();
        },
        1000 - (elapsed % 1000) + 5,
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [since]);
  return Math.max(0, Math.floor((now - since) / 1000));
}

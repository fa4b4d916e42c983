import { useEffect } from 'react';
import { JobEvent } from '../../shared/jobs.js';
import { useAppStore } from '../store/app-store.js';
import { applyJobEvent, mergeJobList, useJobsStore } from '../store/jobs-store.js';
import { request } from '../store/requests.js';

/**
 * Keeps the job store current while the Files view is open: subscribes to the pushed job events first,
 * then loads the list once (no polling; events that cross the list keep the newer copy of a job).
 */
export function useJobsFeed(): void {
  const client = useAppStore((state) => state.client);
  useEffect(() => {
    if (!client) return;
    let live = true;
    const unsubscribe = client.subscribe((event) => {
      const parsed = JobEvent.safeParse(event);
      if (parsed.success) useJobsStore.setState((state) => applyJobEvent(state, parsed.data));
    });
    void request({ type: 'jobs', command: { type: 'list' } }).then((result) => {
      if (live && result?.type === 'list') {
        useJobsStore.setState((state) => mergeJobList(state, result.jobs));
      }
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);
}

import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/history.js';
import { useAppStore } from '../store/app-store.js';
import { request } from '../store/requests.js';

const PAGE_SIZE = 50;

export interface HistoryPageState {
  entries: HistoryEntry[];
  nextCursor: string | undefined;
  loading: boolean;
  loadMore: () => void;
}

/** The newest entries matching `query` (all when empty); reloads when the history changes. */
export function useHistoryPage(query: string): HistoryPageState {
  const historyVersion = useAppStore((state) => state.historyVersion);
  const ready = useAppStore((state) => state.connection.status === 'ready');
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);

  const fetchPage = useCallback(
    (cursor: string | undefined) => {
      const trimmed = query.trim();
      const base = cursor === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor };
      return trimmed.length > 0
        ? request({ type: 'history_search', query: trimmed, ...base })
        : request({ type: 'history_list', ...base });
    },
    [query],
  );

  useEffect(() => {
    if (!ready) return;
    let current = true;
    void fetchPage(undefined).then((page) => {
      if (!current || !page) return;
      setEntries(page.entries);
      setNextCursor(page.nextCursor);
    });
    return () => {
      current = false;
    };
  }, [fetchPage, historyVersion, ready]);

  const loadMore = useCallback(() => {
    if (nextCursor === undefined) return;
    setLoading(true);
    void fetchPage(nextCursor).then((page) => {
      setLoading(false);
      if (!page) return;
      setEntries((previous) => [...previous, ...page.entries]);
      setNextCursor(page.nextCursor);
    });
  }, [fetchPage, nextCursor]);

  return { entries, nextCursor, loading, loadMore };
}

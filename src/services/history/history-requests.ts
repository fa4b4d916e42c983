import type { AppHandlers } from '../../shared/app-protocol.js';
import type { HistoryEntry, HistoryPage, HistoryPageRequest, NewHistoryEntry } from '../../shared/history.js';

export interface HistoryPort {
  add(entry: NewHistoryEntry): HistoryEntry;
  page(request?: HistoryPageRequest): HistoryPage;
  delete(id: string): boolean;
  deleteAll(): number;
  prune(retentionDays: number, now?: number): number;
}

export const HISTORY_REQUESTS = [
  'history_list',
  'history_search',
  'history_delete',
  'history_clear',
] as const;

/** The History view: pages, search, delete, clear. */
export function historyHandlers(history: HistoryPort): AppHandlers<(typeof HISTORY_REQUESTS)[number]> {
  return {
    history_list: (request) => history.page(pageRequest(request.limit, request.cursor)),
    history_search: (request) =>
      history.page({ ...pageRequest(request.limit, request.cursor), search: request.query }),
    history_delete: (request) => ({ deleted: history.delete(request.id) }),
    history_clear: () => ({ deleted: history.deleteAll() }),
  };
}

function pageRequest(limit: number | undefined, cursor: string | undefined): HistoryPageRequest {
  const out: HistoryPageRequest = {};
  if (limit !== undefined) out.limit = limit;
  if (cursor !== undefined) out.cursor = cursor;
  return out;
}

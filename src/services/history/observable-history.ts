import type {
  HistoryEntry,
  HistoryPage,
  HistoryPageRequest,
  HistoryVersion,
  NewHistoryEntry,
} from '../../shared/history.js';
import { requireService } from '../request-handlers.js';
import type { HistoryPort } from './history-requests.js';

/** What the history store does beyond the window's requests: kept audio, other transcripts. */
export interface HistoryRevisions {
  get(id: string): HistoryEntry | undefined;
  setAudio(id: string, audioMs: number | null): void;
  withAudio(): { id: string; createdAt: number }[];
  revise(id: string, version: HistoryVersion, mode: 'replace' | 'add'): HistoryEntry;
}

export interface HistoryChange {
  reason: 'added' | 'deleted' | 'cleared' | 'pruned' | 'updated';
  ids?: string[];
}

/**
 * The history store, announcing each change. Give this one object both to the dictation pipeline (which
 * adds entries) and to the app core, so the window hears of every entry however it was written.
 */
export class ObservableHistory implements HistoryPort {
  private readonly listeners = new Set<(change: HistoryChange) => void>();

  constructor(private readonly store: HistoryPort & Partial<HistoryRevisions>) {}

  private revisions(): HistoryRevisions {
    const store = this.store;
    const complete = store.get && store.setAudio && store.withAudio && store.revise;
    return requireService(complete ? (store as HistoryRevisions) : undefined, 'Kept audio in the history');
  }

  subscribe(listener: (change: HistoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  add(entry: NewHistoryEntry): HistoryEntry {
    const saved = this.store.add(entry);
    this.announce({ reason: 'added', ids: [saved.id] });
    return saved;
  }

  page(request?: HistoryPageRequest): HistoryPage {
    return this.store.page(request);
  }

  get(id: string): HistoryEntry | undefined {
    return this.revisions().get(id);
  }

  setAudio(id: string, audioMs: number | null): void {
    this.revisions().setAudio(id, audioMs);
    this.announce({ reason: 'updated', ids: [id] });
  }

  withAudio(): { id: string; createdAt: number }[] {
    return this.revisions().withAudio();
  }

  revise(id: string, version: HistoryVersion, mode: 'replace' | 'add'): HistoryEntry {
    const entry = this.revisions().revise(id, version, mode);
    this.announce({ reason: 'updated', ids: [id] });
    return entry;
  }

  delete(id: string): boolean {
    const deleted = this.store.delete(id);
    if (deleted) this.announce({ reason: 'deleted', ids: [id] });
    return deleted;
  }

  deleteAll(): number {
    const deleted = this.store.deleteAll();
    this.announce({ reason: 'cleared' });
    return deleted;
  }

  prune(retentionDays: number, now?: number): number {
    const deleted = this.store.prune(retentionDays, now);
    if (deleted > 0) this.announce({ reason: 'pruned' });
    return deleted;
  }

  private announce(change: HistoryChange): void {
    // Listeners are the app core's, which isolates its own subscribers' failures.
    for (const listener of [...this.listeners]) listener(change);
  }
}

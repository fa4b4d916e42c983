import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { HistoryPort } from './history-requests.js';

const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Deletes history entries older than the retention setting: now, every six hours, and when the
 * setting changes. Returns the function that stops it.
 */
export function keepHistoryPruned(history: HistoryPort, settings: SettingsStore, logger: Logger): () => void {
  const prune = (): void => {
    try {
      const days = settings.get().app.historyRetentionDays;
      if (days > 0) history.prune(days);
    } catch (error) {
      logger.error({ event: 'history_prune_failed', error: serializeError(error) }, 'old history not pruned');
    }
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  const off = settings.subscribe((next, previous) => {
    if (next.app.historyRetentionDays !== previous.app.historyRetentionDays) prune();
  });
  return () => {
    clearInterval(timer);
    off();
  };
}

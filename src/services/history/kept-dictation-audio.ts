import { serializeError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import type { Logger } from '../logging/logger.js';
import type { AudioStore } from './audio-store.js';
import type { HistoryChange } from './observable-history.js';
import { logRejection } from '../logging/log-rejection.js';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** A file no entry names yet may be one being saved right now: only older ones are strays. */
const STRAY_AFTER_MS = 60_000;

/** What the kept audio needs of the history. */
export interface AudioHistoryPort {
  setAudio(id: string, audioMs: number | null): void;
  withAudio(): { id: string; createdAt: number }[];
  subscribe(listener: (change: HistoryChange) => void): () => void;
}

export interface KeptDictationAudioOptions {
  store: AudioStore;
  history: AudioHistoryPort;
  settings: () => Settings;
  logger: Logger;
  notify: (message: string, hint?: string) => void;
  now?: () => number;
}

/**
 * Each dictation's audio, kept beside its history entry so it can be played and transcribed again:
 * for `app.audioRetentionDays` (0: none is kept), within `app.audioMaxMb` (oldest first out). A
 * deleted entry's audio goes with it; clearing the history removes all of it.
 */
export class KeptDictationAudio {
  private pruning: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: KeptDictationAudioOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Prunes now, every hour and when the history changes; returns the function that stops it. */
  start(): () => void {
    const off = this.options.history.subscribe((change) => this.onHistoryChange(change));
    void this.prune();
    const timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    timer.unref();
    return () => {
      off();
      clearInterval(timer);
    };
  }

  /** A finished dictation (after its history entry was saved): its audio is kept if the setting says so. */
  async onCompleted(completed: CompletedDictation): Promise<void> {
    if (this.options.settings().app.audioRetentionDays === 0 || completed.audio.length === 0) return;
    try {
      const ms = await this.options.store.save(completed.sessionId, completed.audio);
      if (ms !== null) this.options.history.setAudio(completed.sessionId, ms);
    } catch (error) {
      this.options.logger.error(
        { event: 'dictation_audio_not_kept', sessionId: completed.sessionId, error: serializeError(error) },
        'the audio of a dictation was not kept',
      );
      this.options.notify(
        `The audio of the last dictation could not be kept: ${serializeError(error).message}`,
        'Check the free disk space; the text is in the history.',
      );
    }
    await this.prune();
  }

  /** The WAV of an entry (to play it). */
  wav(id: string): Promise<Buffer> {
    return this.options.store.read(id);
  }

  /** The WAV file of an entry, when it is kept (to transcribe it again). */
  async file(id: string): Promise<string> {
    await this.options.store.read(id);
    return this.options.store.fileOf(id)!;
  }

  /** Applies retention and the size cap, and removes audio no entry names; one run at a time. */
  prune(): Promise<number> {
    const run = this.pruning.then(() => this.pruneOnce());
    this.pruning = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      this.options.logger.error(
        { event: 'dictation_audio_prune_failed', error: serializeError(error) },
        'kept audio not pruned',
      );
      return 0;
    });
  }

  private onHistoryChange(change: HistoryChange): void {
    const { store, logger } = this.options;
    const done = (removed: Promise<unknown>) =>
      void removed.catch(logRejection(logger, 'dictation_audio_remove_failed', 'audio kept'));
    if (change.reason === 'cleared') done(store.removeAll());
    else if (change.reason === 'deleted') done(Promise.all((change.ids ?? []).map((id) => store.remove(id))));
    else if (change.reason === 'pruned') void this.prune();
  }

  private async pruneOnce(): Promise<number> {
    const { store, history, settings } = this.options;
    const { audioRetentionDays, audioMaxMb } = settings().app;
    const now = this.now();
    const files = new Map((await store.list()).map((file) => [file.id, file]));
    const entries = history.withAudio();
    const named = new Set(entries.map((entry) => entry.id));
    const drop = new Set<string>();
    for (const file of files.values()) {
      if (!named.has(file.id) && now - file.modifiedAt > STRAY_AFTER_MS) drop.add(file.id);
    }
    const cutoff = now - audioRetentionDays * DAY_MS;
    let bytes = 0;
    const kept: { id: string; bytes: number }[] = [];
    for (const entry of entries) {
      const file = files.get(entry.id);
      if (!file || audioRetentionDays === 0 || entry.createdAt < cutoff) {
        drop.add(entry.id);
        continue;
      }
      kept.push({ id: entry.id, bytes: file.bytes });
      bytes += file.bytes;
    }
    // Oldest first until the rest fits under the cap.
    for (const entry of kept) {
      if (bytes <= audioMaxMb * 1024 * 1024) break;
      drop.add(entry.id);
      bytes -= entry.bytes;
    }
    for (const id of drop) {
      await store.remove(id);
      if (named.has(id)) history.setAudio(id, null);
    }
    if (drop.size > 0) {
      this.options.logger.info(
        { event: 'dictation_audio_pruned', removed: drop.size },
        'old kept audio removed',
      );
    }
    return drop.size;
  }
}

import type { DictationEvent, DictationStatus } from '../../../../shared/dictation.js';
import { serializeError, type AppError } from '../../../../shared/errors.js';
import type { HistoryPage, HistoryPageRequest } from '../../../../shared/history.js';
import type { Logger } from '../../../../services/logging/logger.js';
import { trayView, type TrayView } from './tray-view.js';

/** Where the tray is drawn: Electron's Tray in the app, a recorder in tests. */
export interface TrayPort {
  render(view: TrayView): void;
}

export interface TraySources {
  dictation: { status(): DictationStatus; subscribe(listener: (event: DictationEvent) => void): () => void };
  history: { page(request?: HistoryPageRequest): HistoryPage; subscribe(listener: () => void): () => void };
  readiness(): AppError | null;
  microphoneArmed(): boolean;
  /** The wake phrase listened for right now, or null. */
  wakePhrase?(): string | null;
  /** Readiness or the microphone changed. */
  onChange(listener: () => void): () => void;
  toggleShortcut(): string | null;
  /** The paste-again shortcut when it is registered. */
  pasteLastShortcut?(): string | null;
  updateReady(): string | null;
  logger: Logger;
}

const RECENT_COUNT = 5;

/**
 * Keeps the tray in step with the app: redrawn synchronously on every dictation state change (so it
 * follows the state within the same tick, well inside 100 ms), on history changes and on readiness.
 */
export class TrayPresenter {
  private recent: { id: string; text: string }[] = [];
  private status: DictationStatus;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly port: TrayPort,
    private readonly sources: TraySources,
  ) {
    this.status = sources.dictation.status();
  }

  start(): void {
    this.loadRecent();
    this.unsubscribe.push(
      this.sources.dictation.subscribe((event) => {
        if (event.type !== 'state') return;
        this.status = event.status;
        this.render();
      }),
      this.sources.history.subscribe(() => {
        this.loadRecent();
        this.render();
      }),
      this.sources.onChange(() => this.render()),
    );
    this.render();
  }

  /** Redraws with the current state (after a shortcut was registered, an update became ready...). */
  render(): void {
    const problem = this.sources.readiness();
    this.port.render(
      trayView({
        status: this.status,
        microphoneArmed: this.sources.microphoneArmed(),
        wakePhrase: this.sources.wakePhrase?.() ?? null,
        notReady: problem ? serializeError(problem) : null,
        recent: this.recent,
        toggleShortcut: this.sources.toggleShortcut(),
        pasteLastShortcut: this.sources.pasteLastShortcut?.() ?? null,
        updateReady: this.sources.updateReady(),
      }),
    );
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private loadRecent(): void {
    try {
      this.recent = this.sources.history
        .page({ limit: RECENT_COUNT })
        .entries.map((entry) => ({ id: entry.id, text: entry.text }));
    } catch (error) {
      this.sources.logger.error(
        { event: 'tray_history_failed', error: serializeError(error) },
        'recent transcripts unavailable',
      );
    }
  }
}

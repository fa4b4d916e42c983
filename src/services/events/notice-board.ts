import type { NoticeLevel } from '../../shared/app-protocol.js';
import type { AppError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import { EventHub } from './event-hub.js';

export interface Notice {
  level: NoticeLevel;
  message: string;
  hint?: string;
}

/**
 * Messages for the user from any service (a port in use, a microphone that will not open), created
 * before the services so each can be handed `notify` at construction. The app core shows them in the
 * window; the desktop shell also hears explain() (a notification, raising the window).
 */
export class NoticeBoard {
  private readonly notices: EventHub<Notice>;
  private readonly explained: EventHub<AppError>;

  constructor(logger: Logger) {
    this.notices = new EventHub(logger, 'notices');
    this.explained = new EventHub(logger, 'explained');
  }

  notify(level: NoticeLevel, message: string, hint?: string): void {
    this.notices.emit(hint === undefined ? { level, message } : { level, message, hint });
  }

  /** Why something cannot be done: a warning in the window, and the shell's listeners. */
  explain(error: AppError): void {
    this.notify('warning', error.message, error.hint);
    this.explained.emit(error);
  }

  subscribe(listener: (notice: Notice) => void): () => void {
    return this.notices.subscribe(listener);
  }

  onExplain(listener: (error: AppError) => void): () => void {
    return this.explained.subscribe(listener);
  }
}

import path from 'node:path';
import { appVersion } from '../../engine/project-root.js';
import { serializeError } from '../../shared/errors.js';
import type { SessionExportFormat, SessionList, SessionsChangeReason } from '../../shared/sessions.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { SessionLibrary } from './session-library.js';
import { SessionRecorder } from './session-recorder.js';
import { repairSessions } from './session-repair.js';

export interface RecordingServiceOptions {
  settings: SettingsStore;
  sessionsDir: string;
  logger: Logger;
  /** Shown in the window when a recording fails (a full disk) or sessions were repaired. */
  notify: (message: string, hint?: string) => void;
}

/**
 * Recorded sessions (opt-in, off by default): every dictation's audio appended to one crash-safe WAV
 * with aligned captions while "Record sessions" is on; the library of recordings on disk.
 */
export class RecordingService {
  private recorder: SessionRecorder | null = null;
  private readonly off: (() => void)[] = [];
  private readonly listeners = new Set<(reason: SessionsChangeReason) => void>();
  private readonly library: SessionLibrary;

  constructor(private readonly options: RecordingServiceOptions) {
    this.library = new SessionLibrary(
      options.sessionsDir,
      () => this.recorder?.id ?? null,
      (dir, error) => this.damaged(dir, error),
    );
  }

  get sessionsDir(): string {
    return this.options.sessionsDir;
  }

  /** The session being recorded into now, if any. */
  currentId(): string | null {
    return this.recorder?.id ?? null;
  }

  /** Called when a session was recorded into, started, stopped, deleted or repaired. */
  onChange(listener: (reason: SessionsChangeReason) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): SessionList {
    return { sessions: this.library.list(), sessionsDir: this.options.sessionsDir };
  }

  files(id: string): { dir: string; audioFile: string } {
    const { dir, audioFile } = this.library.find(id);
    return { dir, audioFile };
  }

  export(id: string, format: SessionExportFormat, target: string, overwrite: boolean): string {
    const written = this.library.exportCaptions(id, format, target, overwrite);
    this.options.logger.info({ event: 'session_exported', id, format, file: written }, 'session exported');
    return written;
  }

  delete(id: string): void {
    this.library.delete(id);
    this.options.logger.info({ event: 'session_deleted', id }, 'recorded session deleted');
    this.changed('deleted');
  }

  /** Repairs what an earlier run left open (each session on its own), then follows the setting. */
  start(): void {
    const damaged: string[] = [];
    let repaired: string[] = [];
    try {
      repaired = repairSessions(this.options.sessionsDir, (dir, error) => {
        damaged.push(dir);
        this.damaged(dir, error);
      });
    } catch (error) {
      // The folder itself cannot be read: the app starts anyway, and says so.
      this.options.logger.error(
        { event: 'sessions_unreadable', dir: this.options.sessionsDir, error: serializeError(error) },
        'the recorded sessions folder cannot be read',
      );
      this.options.notify(
        `The recorded sessions in ${this.options.sessionsDir} cannot be read: ${(error as Error).message}`,
        'Check that the folder exists and belongs to you.',
      );
    }
    if (damaged.length > 0) {
      this.options.notify(
        `${damaged.length} recorded session(s) are damaged and were left as they are: ${damaged.map((dir) => path.basename(dir)).join(', ')}.`,
        `They are not listed. Look at them in ${this.options.sessionsDir}, or delete them there.`,
      );
    }
    if (repaired.length > 0) {
      this.options.logger.warn({ repaired }, 'recorded sessions repaired after an unclean exit');
      this.options.notify(
        `${repaired.length} recorded session(s) from an earlier run were repaired and can be played.`,
      );
      this.changed('repaired');
    }
    this.off.push(
      this.options.settings.subscribe((next) => {
        if (!next.integrations.recordSessions) this.stopRecording();
      }),
    );
  }

  stop(): void {
    for (const off of this.off.splice(0)) off();
    this.stopRecording();
  }

  /** Saves a finished dictation into the session recording, when recording is on. */
  onCompleted(completed: CompletedDictation, model: string): void {
    const { integrations, speech } = this.options.settings.get();
    if (!integrations.recordSessions) return;
    try {
      this.recorder ??= new SessionRecorder(this.options.sessionsDir, {
        model,
        language: speech.language,
        appVersion: appVersion(),
      });
      const recorded = this.recorder.addDictation(
        completed.audio,
        completed.transcript.segments,
        completed.transcriptOffsetMs,
      );
      if (recorded.rolledOverFrom) {
        this.options.logger.info(
          { event: 'session_rolled_over', from: recorded.rolledOverFrom, to: recorded.sessionId },
          'the session audio reached the WAV size limit; recording goes on in a new session',
        );
      }
      this.changed('recorded');
    } catch (error) {
      const { message, hint } = serializeError(error);
      this.options.logger.error({ error: serializeError(error) }, 'session recording failed');
      this.options.notify(`The session recording failed: ${message}`, hint ?? 'Check the free disk space.');
      // A recorder whose write failed has stopped: the next dictation starts a new session.
      if (this.recorder?.stopped) this.stopRecording();
    }
  }

  private stopRecording(): void {
    if (!this.recorder) return;
    this.recorder.stop();
    this.recorder = null;
    this.changed('stopped');
  }

  private damaged(dir: string, error: Error): void {
    this.options.logger.warn(
      { event: 'session_damaged', dir, error: serializeError(error) },
      'a recorded session cannot be read',
    );
  }

  private changed(reason: SessionsChangeReason): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(reason);
      } catch (error) {
        this.options.logger.error({ error: serializeError(error) }, 'a recordings listener threw');
      }
    }
  }
}

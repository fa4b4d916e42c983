import { IDLE_STATUS, type DictationEvent, type DictationStatus } from '../../shared/dictation.js';
import { AppError } from '../../shared/errors.js';
import type { DictationPort } from '../app-core/ports.js';

/**
 * Stands in where no dictation pipeline is wired: always idle, and says so when asked to record
 * (the window shows the error). Not a fake: it never pretends to record.
 */
export class UnavailableDictation implements DictationPort {
  constructor(private readonly reason: string) {}

  status(): DictationStatus {
    return IDLE_STATUS;
  }

  subscribe(_listener: (event: DictationEvent) => void): () => void {
    return () => undefined;
  }

  start(): Promise<never> {
    return Promise.reject(
      new AppError('unavailable', `Dictation is not available here: ${this.reason}`, {
        hint: 'Start the server with a dictation pipeline (see src/main/headless/serve-renderer.ts).',
      }),
    );
  }

  async stop(): Promise<void> {}

  async cancel(): Promise<void> {}
}

import type { DictationPort } from '../../src/services/dictation/dictation-requests.js';
import { IDLE_STATUS, type DictationEvent, type DictationStatus } from '../../src/shared/dictation.js';
import { AppError } from '../../src/shared/errors.js';

/**
 * For tests of everything but dictation (history, settings, the bridge): a pipeline that is always idle
 * and refuses to record, saying why, as the real one does when it is not ready. It never pretends to
 * record; the tests that need dictation run the real pipeline (renderer-dictation.test.ts).
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
        hint: 'This test runs the app without a microphone pipeline.',
      }),
    );
  }

  async stop(): Promise<void> {}

  async cancel(): Promise<void> {}
}

import type { DictationController } from '../src/services/dictation/dictation-controller.js';
import type { DictationEvent } from '../src/shared/dictation.js';

/** The end of one dictation: its text delivered, or no speech found. Subscribe before the release. */
export function dictationOutcome(
  controller: DictationController,
  sessionId: string,
): Promise<DictationEvent> {
  return new Promise<DictationEvent>((resolve) => {
    const off = controller.subscribe((e) => {
      if ((e.type === 'delivered' || e.type === 'no_speech') && e.sessionId === sessionId) {
        off();
        resolve(e);
      }
    });
  });
}

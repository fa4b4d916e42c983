import type { DeliveryResult } from '../../src/shared/delivery.js';

/**
 * Delivery that records the text in memory instead of pasting it, for tests of what comes before the
 * paste (delivery itself has its own X11 tests).
 */
export function recordedDelivery(delivered: string[]): (text: string) => Promise<DeliveryResult> {
  return (text) => {
    delivered.push(text);
    return Promise.resolve({
      method: 'copy',
      ok: true,
      backend: 'test: recorded in memory',
      keystroke: null,
      target: null,
      consumption: null,
      clipboard: 'untouched',
      fallback: null,
      notice: null,
      timings: {
        targetMs: null,
        clipboardSaveMs: null,
        clipboardSetMs: null,
        keystrokeMs: null,
        consumeWaitMs: null,
        clipboardRestoreMs: null,
        totalMs: 0,
      },
    });
  };
}

import type { DeliveryResult } from '../../shared/delivery.js';
import type { ShapeResult } from '../../shared/text-shaping/index.js';

const WHY: Record<NonNullable<ShapeResult['emptyBecause']>, string> = {
  commands: 'Only spoken commands were said ("scratch that"), so there was nothing to type',
  fillers: 'Only filler words were said (um, uh), so there was nothing to type',
  'no-speech': 'No words were recognised, so there was nothing to type',
};

/** The result for a dictation the text rules left nothing of, on purpose: nothing is touched. */
export function notDelivered(because: ShapeResult['emptyBecause']): DeliveryResult {
  return {
    method: 'none',
    ok: false,
    backend: 'text rules',
    keystroke: null,
    afterKey: null,
    target: null,
    consumption: null,
    clipboard: 'untouched',
    fallback: { code: 'blank_text', message: WHY[because ?? 'no-speech'] },
    notice: `${WHY[because ?? 'no-speech']}.`,
    timings: {
      targetMs: null,
      clipboardSaveMs: null,
      clipboardSetMs: null,
      keystrokeMs: null,
      consumeWaitMs: null,
      clipboardRestoreMs: null,
      landedMs: 0,
      totalMs: 0,
    },
  };
}

import type { Settings } from '../../shared/settings.js';
import {
  resolveProfile,
  shapeText,
  type PasteMethod,
  type ResolvedProfile,
  type ShapeResult,
} from '../../shared/text-shaping/index.js';
import type { FocusedApp } from '../delivery/focused-app.js';
import type { PasteChord } from '../delivery/key-sender.js';
import type { DeliveryOptions } from '../delivery/text-delivery.js';

/** How one text will be delivered: what the rules made of it, and the options for the delivery. */
export interface DeliveryPlan {
  shaped: ShapeResult;
  profile: ResolvedProfile;
  /** Null when nothing is to be delivered (only commands or fillers were said). */
  options: DeliveryOptions | null;
}

const CHORDS: Partial<Record<PasteMethod, PasteChord>> = {
  'ctrl+v': 'ctrl+v',
  'ctrl+shift+v': 'ctrl+shift+v',
  'shift+insert': 'shift+Insert',
};

/** The delivery mode and chord for a profile's paste method, or the settings' method without one. */
export function deliveryMode(
  method: PasteMethod | null,
  fallback: Settings['delivery']['method'],
): Pick<DeliveryOptions, 'mode' | 'chord'> {
  if (method === null) return { mode: fallback };
  if (method === 'type') return { mode: 'type' };
  if (method === 'copy-only') return { mode: 'copy' };
  return { mode: 'paste', chord: CHORDS[method]! };
}

export interface PlanInput {
  raw: string;
  settings: Settings;
  /** The app focused when recording started; null where it cannot be known (the default profile). */
  focus: FocusedApp | null;
  /** What the app delivered last into that field (FieldMemory), or null. */
  previous: string | null;
  /** The language whisper recognised. */
  language: string | null;
}

/**
 * The text rules for one dictation: the focused app's profile, the pipeline against what the field
 * already holds, and how the result goes in (paste keys, the key after, only into the start window).
 */
export function planDelivery(input: PlanInput): DeliveryPlan {
  const { settings, focus } = input;
  const profile = resolveProfile(settings.text, focus?.names ?? null);
  const how = deliveryMode(profile.paste, settings.delivery.method);
  const trailingSpace = profile.trailingSpace ?? settings.delivery.trailingSpace;
  // Copied text is pasted wherever the user likes: what is before it there is not known.
  const previous = how.mode === 'copy' ? null : input.previous;
  const shaped = shapeText(input.raw, profile.rules, { previous, language: input.language, trailingSpace });
  if (shaped.text === '') return { shaped, profile, options: null };
  const spaced = shaped.steps.some((step) => step.step === 'spacing' && step.status !== 'off');
  const options: DeliveryOptions = {
    ...how,
    after: profile.after,
    expectWindow: settings.delivery.onlyStartWindow ? (focus?.windowId ?? null) : null,
    // The spacing step placed the spaces (and the trailing one): the text goes in as it is.
    ...(spaced && shaped.fallback === null ? { exact: true } : { trailingSpace }),
    ...(how.mode !== 'copy' && shaped.eraseBefore > 0 ? { eraseBefore: shaped.eraseBefore } : {}),
  };
  return { shaped, profile, options };
}

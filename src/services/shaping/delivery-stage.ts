import type { DeliveryResult } from '../../shared/delivery.js';
import type { UtteranceRecognition } from '../../shared/engine-protocol.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { AppError, serializeError } from '../../shared/errors.js';
import { settingsPrompt } from '../../shared/recognition-prompt.js';
import type { Settings } from '../../shared/settings.js';
import { resolveProfile } from '../../shared/text-shaping/index.js';
import type { FocusLookup } from '../delivery/focused-app.js';
import type { TextDelivery } from '../delivery/text-delivery.js';
import type { DeliveringDictation } from '../dictation/dictation-controller.js';
import type { Logger } from '../logging/logger.js';
import { deliveryMode, planDelivery, type DeliveryPlan } from './delivery-plan.js';
import { FieldMemory } from './field-memory.js';
import { profileRecognition } from './profile-recognition.js';
import { notDelivered } from './not-delivered.js';

export interface DeliveryStageOptions {
  delivery: TextDelivery;
  settings: () => Settings;
  logger: Logger;
  /** Something the user should read (profiles that cannot work on this desktop). */
  notify: (message: string, hint?: string) => void;
  /** The newest dictation in the history, for "paste again" before anything was dictated in this run. */
  latestText?: () => string | null;
  now?: () => number;
}

/** Sessions whose start-of-recording focus is kept (a dictation may deliver several pieces). */
const KEPT_SESSIONS = 8;

/**
 * The "what gets delivered" stage between recognition and the desktop: the focused app is looked up
 * when recording starts (its profile, and the window the text must go to), the text rules shape the
 * text against what that field already holds, and the delivery pastes, types or copies it the
 * profile's way. Also pastes the last dictation again.
 */
export class DeliveryStage {
  private readonly focusAtStart = new Map<string, Promise<FocusLookup>>();
  private readonly fields: FieldMemory;
  private last: string | null = null;
  private toldUnknownFocus = false;

  constructor(private readonly options: DeliveryStageOptions) {
    this.fields = new FieldMemory(options.now);
  }

  /** Looks up the focused app the moment a recording starts (the key press, or the wake phrase). */
  onDictationEvent(event: DictationEvent): void {
    if (event.type !== 'state' || event.status.phase !== 'recording') return;
    if (event.status.sessionId) void this.focusAtStartOf(event.status.sessionId);
  }

  /**
   * The DictationController's recognitionFor: the language and words to expect of the profile of the
   * app focused when this recording started, where they differ from the settings.
   */
  async recognitionFor(sessionId: string): Promise<UtteranceRecognition | null> {
    const lookup = await this.focusAtStartOf(sessionId);
    const settings = this.options.settings();
    return profileRecognition(settings, resolveProfile(settings.text, lookup.app?.names ?? null));
  }

  /**
   * The recognition of this dictation in full: the profile's language and words where it has its own,
   * else the settings'; and whether the speech is translated into English (the settings').
   */
  async recognitionWithDefaults(
    sessionId: string,
  ): Promise<{ language: string; prompt: string; translate: boolean }> {
    const own = await this.recognitionFor(sessionId);
    const settings = this.options.settings();
    return {
      language: own?.language ?? settings.speech.language,
      prompt: own?.initialPrompt ?? settingsPrompt(settings),
      translate: settings.speech.translate,
    };
  }

  /** The DictationController's deliver: the rules, then the desktop; never throws for the rules' sake. */
  async deliver(raw: string, dictation: DeliveringDictation): Promise<DeliveryResult> {
    const lookup = await this.focusAtStartOf(dictation.sessionId);
    const focus = lookup.app;
    const settings = this.options.settings();
    this.tellIfProfilesCannotWork(settings, lookup);
    const previous = this.fields.previous(focus?.windowId ?? null, dictation.sessionId);
    const plan = this.plan(raw, settings, lookup, previous, dictation);
    if (!plan.options) {
      return {
        ...notDelivered(plan.shaped.emptyBecause),
        text: '',
        profile: plan.profile.profile?.app ?? null,
      };
    }
    const result = await this.options.delivery.deliverText(plan.shaped.text, plan.options);
    const landed = result.ok && (result.method === 'paste' || result.method === 'type');
    // After Enter the caret is on a new line, or a chat's field was sent and is empty: a new sentence.
    const fieldNow = result.afterKey ? `${plan.shaped.text}\n` : plan.shaped.text;
    if (landed) this.fields.remember(focus?.windowId ?? null, dictation.sessionId, fieldNow);
    else this.fields.forget();
    // The spaces placed for the field are part of the delivery, not of the text shown and kept.
    const text = plan.shaped.text.replace(/^[ \t]+|[ \t]+$/g, '');
    this.last = text;
    return {
      ...result,
      notice: result.notice ?? (plan.shaped.fallback ? `Text rules: ${plan.shaped.fallback}.` : null),
      ...(text !== raw.trim() ? { text } : {}),
      profile: plan.profile.profile?.app ?? null,
    };
  }

  /** The text delivered last (this run), or the newest in the history. */
  lastText(): string | null {
    return this.last ?? this.options.latestText?.() ?? null;
  }

  /** Pastes the last dictation again into the app focused now, that app's way (the tray, a hotkey). */
  async pasteLast(): Promise<DeliveryResult> {
    const text = this.lastText();
    if (!text?.trim()) {
      throw new AppError('unavailable', 'There is no dictation to paste again yet.', {
        hint: 'Dictate something first; the last text can then be pasted again.',
      });
    }
    const settings = this.options.settings();
    const profile = resolveProfile(settings.text, (await this.lookUpFocus()).app?.names ?? null);
    this.fields.forget();
    return this.options.delivery.deliverText(text, {
      ...deliveryMode(profile.paste, settings.delivery.method),
      after: profile.after,
      trailingSpace: profile.trailingSpace ?? settings.delivery.trailingSpace,
    });
  }

  private plan(
    raw: string,
    settings: Settings,
    lookup: FocusLookup,
    previous: string | null,
    dictation: DeliveringDictation,
  ): DeliveryPlan {
    const plan = planDelivery({ raw, settings, focus: lookup.app, previous, language: dictation.language });
    const failed = plan.shaped.steps.filter((step) => step.status === 'failed');
    // Lengths and step outcomes only: the words themselves stay out of the logs.
    this.options.logger.info(
      {
        event: 'text_shaped',
        sessionId: dictation.sessionId,
        app: lookup.app?.names ?? null,
        appUnknown: lookup.unknownBecause,
        profile: plan.profile.profile?.app ?? null,
        steps: Object.fromEntries(plan.shaped.steps.map((step) => [step.step, step.status])),
        rawChars: raw.length,
        deliveredChars: plan.shaped.text.length,
        fieldKnown: previous !== null,
        emptyBecause: plan.shaped.emptyBecause,
        fallback: plan.shaped.fallback,
      },
      'text rules applied',
    );
    for (const step of failed) {
      this.options.logger.error(
        { event: 'text_step_failed', sessionId: dictation.sessionId, step: step.step, note: step.note },
        'a text rule step failed and was skipped',
      );
    }
    return plan;
  }

  /** The focused app when the recording started, looked up once per dictation. */
  private focusAtStartOf(sessionId: string): Promise<FocusLookup> {
    const known = this.focusAtStart.get(sessionId);
    if (known) return known;
    const lookup = this.lookUpFocus();
    this.focusAtStart.set(sessionId, lookup);
    while (this.focusAtStart.size > KEPT_SESSIONS) {
      this.focusAtStart.delete(this.focusAtStart.keys().next().value!);
    }
    return lookup;
  }

  private async lookUpFocus(): Promise<FocusLookup> {
    const lookUp = this.options.delivery.focusedApp;
    if (!lookUp) return { app: null, unknownBecause: 'this delivery cannot tell the focused app' };
    try {
      return await lookUp();
    } catch (error) {
      this.options.logger.warn(
        { event: 'focus_lookup_failed', error: serializeError(error) },
        'focused app unknown',
      );
      return { app: null, unknownBecause: serializeError(error).message };
    }
  }

  private tellIfProfilesCannotWork(settings: Settings, lookup: FocusLookup): void {
    if (lookup.app || settings.text.profiles.length === 0 || this.toldUnknownFocus) return;
    this.toldUnknownFocus = true;
    this.options.notify(
      `Per-app profiles are not used here: ${lookup.unknownBecause}`,
      'The default text rules and paste method apply to every app.',
    );
  }
}

import type { Logger } from 'pino';
import type {
  ClipboardOutcome,
  DeliveryMethod,
  DeliveryResult,
  DeliveryTimings,
} from '../../shared/delivery.js';
import { serializeError } from '../../shared/errors.js';
import type { DeliveryBackend, Unavailable } from './backend.js';
import type {
  ClipboardAccess,
  ClipboardOffer,
  ClipboardSnapshot,
  ConsumptionOutcome,
} from './clipboard-access.js';
import { lookUpFocusedApp, type FocusLookup } from './focused-app.js';
import type { AfterKey, PasteChord } from './key-sender.js';
import { pasteRouteFor, type PasteRoute } from './paste-route.js';
import type { DeliveryConfig, DeliveryOptions } from './text-delivery.js';
import { prepareExactText, prepareText } from './text-guard.js';

const CHORD_LABEL: Record<PasteChord, string> = {
  'ctrl+v': 'Ctrl+V',
  'ctrl+shift+v': 'Ctrl+Shift+V',
  'shift+Insert': 'Shift+Insert',
  'cmd+v': 'Cmd+V',
};

const LOST: Unavailable = {
  code: 'clipboard_failed',
  message: 'the text could not be pasted, nor left on the clipboard',
  hint: 'Copy it from the history.',
};

type StepName = Exclude<keyof DeliveryTimings, 'totalMs'>;

/** One delivery: its timings, its fallbacks and its result. */
export class Delivery {
  private readonly started = performance.now();
  private readonly timings: Record<StepName, number | null> = {
    targetMs: null,
    clipboardSaveMs: null,
    clipboardSetMs: null,
    keystrokeMs: null,
    pasteReadMs: null,
    consumeWaitMs: null,
    clipboardRestoreMs: null,
    landedMs: null,
  };
  private target: DeliveryResult['target'] = null;
  private chord: PasteChord | null = null;
  private consumption: ConsumptionOutcome | null = null;
  private backendName: string;
  private afterKey: AfterKey | null = null;
  private focusLookup: Promise<FocusLookup> | null = null;
  private exact = false;

  private onLanded: DeliveryOptions['onLanded'];

  constructor(
    private readonly backend: DeliveryBackend,
    private readonly logger: Logger,
    private readonly config: DeliveryConfig,
  ) {
    this.backendName = backend.session;
  }

  async run(text: string, options: DeliveryOptions): Promise<DeliveryResult> {
    const prepared = options.exact
      ? prepareExactText(text)
      : prepareText(text, options.trailingSpace ?? false);
    if (prepared === null) {
      return this.finish('none', false, 'untouched', {
        code: 'blank_text',
        message: 'Nothing to deliver: the text is empty or only whitespace',
      });
    }
    this.onLanded = options.onLanded;
    this.exact = options.exact ?? false;
    const mode = options.mode ?? 'paste';
    if (mode === 'copy') return this.copy(prepared, null);
    if (mode === 'type') {
      const moved = await this.focusMoved(options);
      return moved ? this.copy(prepared, moved) : this.type(prepared, null, options);
    }
    return this.paste(prepared, options);
  }

  /**
   * The focused window, looked up once per delivery (X11: a few ms; Windows and macOS start a tool);
   * null-app when it cannot be known.
   */
  private focus(): Promise<FocusLookup> {
    this.focusLookup ??= this.step('targetMs', () => lookUpFocusedApp(this.backend));
    return this.focusLookup;
  }

  /** Why the text must not go where focus is now: another window than the one recording started in. */
  private async focusMoved(options: DeliveryOptions): Promise<Unavailable | null> {
    if (!options.expectWindow || options.target) return null;
    const now = (await this.focus()).app?.windowId ?? null;
    if (now === null || now === options.expectWindow) return null;
    return {
      code: 'focus_moved',
      message: 'Another window has focus than when the recording started, so the text was not pasted there',
      hint: `Click where the text should go and press ${CHORD_LABEL[this.backend.pasteChord]}.`,
    };
  }

  /** Takes back the spaces the rules said to (a comma after "word "); a failure costs only a space. */
  private async erase(options: DeliveryOptions): Promise<void> {
    const keys = this.backend.keys;
    const count = Math.min(options.eraseBefore ?? 0, 8);
    try {
      for (let i = 0; keys && i < count; i++) await keys.sendChord('backspace');
    } catch (error) {
      this.logger.warn({ error: serializeError(error) }, 'the space before the text was not taken back');
    }
  }

  /** The profile's key after the text; a failure is logged and reported, the text is already in. */
  private async sendAfter(options: DeliveryOptions): Promise<Unavailable | null> {
    const after = options.after ?? 'none';
    const keys = this.backend.keys;
    if (after === 'none' || !keys) return null;
    try {
      await keys.sendChord(after);
      this.afterKey = after;
      return null;
    } catch (error) {
      this.logger.warn({ error: serializeError(error), after }, 'the key after the text was not sent');
      return {
        code: 'keystroke_failed',
        message: `The text is in, but ${after === 'enter' ? 'Enter' : 'Ctrl+Enter'} could not be sent after it`,
      };
    }
  }

  private async paste(text: string, options: DeliveryOptions): Promise<DeliveryResult> {
    const keys = this.backend.keys;
    if (!keys) return this.copy(text, this.backend.keysMissing);
    // Most targets paste the CLIPBOARD: save it while the focused window is looked up.
    const usual = this.backend.clipboard('clipboard');
    const early = usual ? this.save(usual) : null;
    const route = await this.route(options);
    const moved = await this.focusMoved(options);
    if (moved) {
      await early;
      return this.copy(text, moved);
    }
    const clipboard = this.backend.clipboard(route.selection);
    if (!clipboard) {
      // Typing leaves the clipboard alone and needs only the keystroke tool.
      const missing = this.backend.clipboardMissing ?? {
        code: 'clipboard_unavailable' as const,
        message: `The ${route.selection} selection cannot be used here`,
      };
      await early;
      return this.type(text, missing, options);
    }
    this.backendName = `${this.backend.session}: ${clipboard.name} + ${keys.name}`;
    this.chord = route.chord;
    const earlySnapshot = await early;
    const snapshot = clipboard === usual && earlySnapshot ? earlySnapshot : await this.save(clipboard);

    let offer: ClipboardOffer;
    try {
      offer = await this.step('clipboardSetMs', () => clipboard.offer(text));
    } catch (error) {
      const failure = `Could not put the text on the clipboard: ${serializeError(error).message}`;
      return this.type(text, { code: 'clipboard_failed', message: failure }, options);
    }

    await this.erase(options);
    offer.arm();
    const keystrokeStarted = performance.now();
    try {
      await this.step('keystrokeMs', () => keys.sendChord(route.chord));
    } catch (error) {
      if (!(await this.leave(offer))) return this.finish('none', false, 'untouched', LOST);
      const failure = serializeError(error);
      return this.finish('copy', false, 'left-with-text', {
        code: 'keystroke_failed',
        message: failure.message,
        ...(failure.hint ? { hint: failure.hint } : {}),
      });
    }

    const waitStarted = performance.now();
    if (offer.observesConsumption) {
      const timeoutMs = options.consumeTimeoutMs ?? 2500;
      this.consumption = await offer.waitForConsumption({
        timeoutMs,
        expectedReads: route.readsPerPaste,
        quietMs: this.config.pasteQuietMs ?? 300,
        maxMoreReadsMs: timeoutMs,
      });
    } else {
      // No read signal on this platform: only a generous delay, then restore only if still ours.
      this.land('paste', keystrokeStarted);
      await new Promise((resolve) => setTimeout(resolve, this.config.noSignalRestoreDelayMs ?? 1000));
      this.consumption = 'no-signal';
    }
    this.timings.consumeWaitMs = performance.now() - waitStarted;
    const firstRead = offer.firstReadAt();
    if (firstRead !== null) this.timings.pasteReadMs = firstRead - keystrokeStarted;
    if (this.consumption === 'consumed') this.land('paste', firstRead ?? waitStarted);

    if (this.consumption === 'replaced') {
      // The user (or an app) copied something new before the paste read ours: theirs now, keep it.
      return this.finish('paste', false, 'kept-newer-copy', {
        code: 'clipboard_replaced',
        message: 'Another application took over the clipboard before the paste happened',
        hint: 'The text was not pasted; copy it from the history.',
      });
    }
    if (this.consumption === 'timeout') {
      // Nothing read the text: the keystroke went nowhere that pastes, or the app is very slow.
      // Putting the user's old clipboard back now would be the classic bug (a late paste inserts the
      // OLD content), and would lose the dictation. So our text stays: the user pastes it by hand.
      if (!(await this.leave(offer))) return this.finish('none', false, 'untouched', LOST);
      return this.finish('copy', false, 'left-with-text', {
        code: 'paste_not_consumed',
        message: `The focused window did not take the pasted text within ${options.consumeTimeoutMs ?? 2500} ms`,
        hint: `Click where the text should go and press ${CHORD_LABEL[route.chord]}.`,
      });
    }

    // Pasted: now the profile's key (Enter sends the message), never before the text is in.
    const afterFailed = await this.sendAfter(options);
    if (!(await offer.stillOurs())) {
      // Pasted, and then someone copied something new: that is the user's now, never overwrite it.
      return this.finish('paste', true, 'kept-newer-copy', afterFailed);
    }
    if (!snapshot.readable) {
      // Nothing to put back: leave our text rather than an empty clipboard.
      await this.leave(offer);
      return this.finish('paste', true, 'not-saved', afterFailed);
    }
    try {
      await this.step('clipboardRestoreMs', () => clipboard.restore(snapshot));
    } catch (error) {
      this.logger.error({ error: serializeError(error) }, 'could not restore the clipboard');
      return this.finish('paste', true, 'left-with-text', afterFailed);
    }
    return this.finish('paste', true, 'restored', afterFailed);
  }

  private async type(
    text: string,
    why: Unavailable | null,
    options: DeliveryOptions = {},
  ): Promise<DeliveryResult> {
    const keys = this.backend.keys;
    if (!keys) return this.copy(text, why ?? this.backend.keysMissing);
    this.backendName = `${this.backend.session}: ${keys.name}`;
    await this.erase(options);
    try {
      await this.step('keystrokeMs', () => keys.typeText(text));
      this.land('type', performance.now());
    } catch (error) {
      const failure = serializeError(error);
      return this.copy(text, {
        code: 'type_failed',
        message: `${failure.message} (part of the text may have been typed)`,
        ...(failure.hint ? { hint: failure.hint } : {}),
      });
    }
    const afterFailed = await this.sendAfter(options);
    return this.finish('type', true, 'untouched', why ?? afterFailed);
  }

  /** Copy only, or the last resort: leave the text on the clipboard and tell the user to paste. */
  private async copy(fitted: string, why: Unavailable | null): Promise<DeliveryResult> {
    // The space that joined the text to the field is no use where the user pastes it by hand.
    const text = this.exact ? fitted.replace(/^[ \t]+/, '') : fitted;
    const clipboard = this.backend.clipboard('clipboard');
    if (!clipboard) {
      const missing = why ?? this.backend.clipboardMissing;
      return this.finish('none', false, 'untouched', missing);
    }
    this.backendName = `${this.backend.session}: ${clipboard.name}`;
    try {
      await this.step('clipboardSetMs', () => clipboard.writeText(text));
      if (!why) this.land('copy', performance.now());
    } catch (error) {
      const failure = serializeError(error);
      return this.finish('none', false, 'untouched', { code: 'clipboard_failed', message: failure.message });
    }
    this.chord = why ? this.backend.pasteChord : null;
    return this.finish('copy', why === null, 'left-with-text', why);
  }

  /** The user's clipboard as it is now; an unreadable one is reported, never thrown. */
  private async save(clipboard: ClipboardAccess): Promise<ClipboardSnapshot> {
    try {
      const snapshot = await this.step('clipboardSaveMs', () => clipboard.save());
      if (snapshot.dropped.length) {
        this.logger.info({ dropped: snapshot.dropped }, 'clipboard formats that will not be restored');
      }
      return snapshot;
    } catch (error) {
      this.logger.warn({ error: serializeError(error) }, 'could not save the clipboard');
      return { entries: [], dropped: [], readable: false };
    }
  }

  /** Keeps the offered text on the clipboard after the paste attempt; false if that failed. */
  private async leave(offer: ClipboardOffer): Promise<boolean> {
    try {
      await offer.persist();
      return true;
    } catch (error) {
      this.logger.error({ error: serializeError(error) }, 'could not leave the text on the clipboard');
      return false;
    }
  }

  /** Records when the text reached its place, and tells the caller at once. */
  private land(method: DeliveryMethod, at: number): void {
    const landedMs = at - this.started;
    this.timings.landedMs = landedMs;
    try {
      this.onLanded?.({ method, landedMs });
    } catch (error) {
      this.logger.error({ error: serializeError(error) }, 'onLanded callback failed');
    }
  }

  private async route(options: DeliveryOptions): Promise<PasteRoute> {
    const session = this.backend.session;
    if (options.target) {
      const route = pasteRouteFor(
        session,
        this.backend.pasteChord,
        options.target.windowClass,
        options.chord,
      );
      const terminal = options.target.terminal ?? route.terminal;
      this.target = { windowClass: options.target.windowClass, terminal };
      if (session !== 'x11' || !terminal || route.terminal || options.chord) return route;
      return { ...route, chord: 'ctrl+shift+v', terminal };
    }
    const names = session === 'x11' ? ((await this.focus()).app?.names ?? []) : [];
    const route = pasteRouteFor(session, this.backend.pasteChord, names, options.chord);
    if (session === 'x11') this.target = { windowClass: names.at(-1) ?? null, terminal: route.terminal };
    return route;
  }

  private async step<T>(name: StepName, action: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await action();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + (performance.now() - started);
    }
  }

  private finish(
    method: DeliveryMethod,
    ok: boolean,
    clipboard: ClipboardOutcome,
    fallback: Unavailable | null,
  ): DeliveryResult {
    const leftOnClipboard = method === 'copy' && fallback !== null;
    const result: DeliveryResult = {
      method,
      ok,
      backend: this.backendName,
      keystroke: this.chord,
      afterKey: this.afterKey,
      target: this.target,
      consumption: this.consumption,
      clipboard,
      fallback,
      notice: leftOnClipboard
        ? `${fallback.code === 'focus_moved' ? 'Focus moved during the recording: the text is on the clipboard' : 'Copied'} - press ${CHORD_LABEL[this.chord ?? this.backend.pasteChord]}`
        : fallback && !ok && method !== 'copy' && fallback.code !== 'blank_text'
          ? `Not delivered: ${fallback.message}`
          : fallback && ok && fallback.code === 'keystroke_failed'
            ? fallback.message
            : null,
      timings: { ...this.timings, totalMs: performance.now() - this.started },
    };
    const level = ok || fallback?.code === 'blank_text' ? 'info' : 'warn';
    this.logger[level]({ delivery: { ...result } }, `text delivery: ${method}${ok ? '' : ' (fallback)'}`);
    return result;
  }
}

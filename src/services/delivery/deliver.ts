import type { Logger } from 'pino';
import type {
  ClipboardOutcome,
  DeliveryMethod,
  DeliveryMode,
  DeliveryResult,
  DeliveryTimings,
} from '../../shared/delivery.js';
import { serializeError } from '../../shared/errors.js';
import { detectBackend, type DeliveryBackend, type DesktopSession, type Unavailable } from './backend.js';
import type {
  ClipboardAccess,
  ClipboardOffer,
  ClipboardSnapshot,
  ConsumptionOutcome,
} from './clipboard-access.js';
import type { KeySender, PasteChord } from './key-sender.js';
import { x11PasteRoute, type PasteRoute } from './paste-route.js';
import { prepareText } from './text-guard.js';
import { x11FocusedWindow } from './x11-focused-window.js';

export interface DeliveryOptions {
  /** 'paste' (default), 'type', or 'copy' (copy only: the user pastes). */
  mode?: DeliveryMode;
  /** Add a space after the text, so the next dictation does not run into it. Default false. */
  trailingSpace?: boolean;
  /** The focused window when the caller already knows it; otherwise it is looked up (X11). */
  target?: { windowClass: string | null; terminal?: boolean };
  /** How long the target may take to read the pasted text. Default 2500 ms. */
  consumeTimeoutMs?: number;
  /**
   * Called as soon as the text is in the application (or on the clipboard), before the clipboard is
   * put back: the UI can show "delivered" without waiting for that housekeeping.
   */
  onLanded?: (landed: { method: DeliveryMethod; landedMs: number }) => void;
}

export interface DeliveryConfig {
  logger: Logger;
  /** The environment the desktop tools run in (DISPLAY, WAYLAND_DISPLAY, PATH). Default process.env. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** A clipboard to use instead of the system tool (Electron's clipboard module, say). */
  clipboard?: ClipboardAccess;
  /** Keystrokes from somewhere other than the platform's tool (a native helper, say). */
  keys?: KeySender;
  /**
   * Where the clipboard cannot tell when the paste was read (macOS, Windows, Electron's clipboard):
   * how long to wait before putting the user's clipboard back. Default 1000 ms.
   */
  noSignalRestoreDelayMs?: number;
  /**
   * After the reads a paste makes, how long without another read before the clipboard is put back.
   * Default 300 ms. The user's clipboard is ours for that long; a longer pause protects slow apps.
   */
  pasteQuietMs?: number;
}

export interface DeliveryCapabilities {
  session: DesktopSession;
  tools: Record<string, string | null>;
  /** Which methods work here, and for each one that does not, why. */
  paste: { available: boolean; via: string | null; missing: Unavailable | null };
  type: { available: boolean; via: string | null; missing: Unavailable | null };
  copy: { available: boolean; via: string | null; missing: Unavailable | null };
}

export interface TextDelivery {
  readonly capabilities: DeliveryCapabilities;
  deliverText(text: string, options?: DeliveryOptions): Promise<DeliveryResult>;
}

const CHORD_LABEL: Record<PasteChord, string> = {
  'ctrl+v': 'Ctrl+V',
  'ctrl+shift+v': 'Ctrl+Shift+V',
  'shift+Insert': 'Shift+Insert',
  'cmd+v': 'Cmd+V',
};

/** Finds the desktop's tools once; deliveries then run one at a time (they share the clipboard). */
export function createTextDelivery(config: DeliveryConfig): TextDelivery {
  const env = config.env ?? process.env;
  const platform = config.platform ?? process.platform;
  const logger = config.logger.child({ component: 'delivery' });
  const backend = detectBackend({
    env,
    platform,
    logger,
    ...(config.clipboard ? { clipboard: config.clipboard } : {}),
    ...(config.keys ? { keys: config.keys } : {}),
  });
  const capabilities = describeCapabilities(backend);
  logger.info({ capabilities }, 'text delivery ready');
  let queue: Promise<unknown> = Promise.resolve();
  return {
    capabilities,
    deliverText(text, options = {}) {
      const run = queue.then(() => new Delivery(backend, logger, config).run(text, options));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function describeCapabilities(backend: DeliveryBackend): DeliveryCapabilities {
  const clipboard = backend.clipboard('clipboard');
  const keys = backend.keys;
  return {
    session: backend.session,
    tools: backend.tools,
    paste: {
      available: Boolean(clipboard && keys),
      via: clipboard && keys ? `${clipboard.name} + ${keys.name}` : null,
      missing: backend.clipboardMissing ?? backend.keysMissing,
    },
    type: { available: Boolean(keys), via: keys?.name ?? null, missing: backend.keysMissing },
    copy: { available: Boolean(clipboard), via: clipboard?.name ?? null, missing: backend.clipboardMissing },
  };
}

const LOST: Unavailable = {
  code: 'clipboard_failed',
  message: 'the text could not be pasted, nor left on the clipboard',
  hint: 'Copy it from the history.',
};

type StepName = Exclude<keyof DeliveryTimings, 'totalMs'>;

/** One delivery: its timings, its fallbacks and its result. */
class Delivery {
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

  private onLanded: DeliveryOptions['onLanded'];

  constructor(
    private readonly backend: DeliveryBackend,
    private readonly logger: Logger,
    private readonly config: DeliveryConfig,
  ) {
    this.backendName = backend.session;
  }

  async run(text: string, options: DeliveryOptions): Promise<DeliveryResult> {
    const prepared = prepareText(text, options.trailingSpace ?? false);
    if (prepared === null) {
      return this.finish('none', false, 'untouched', {
        code: 'blank_text',
        message: 'Nothing to deliver: the text is empty or only whitespace',
      });
    }
    this.onLanded = options.onLanded;
    const mode = options.mode ?? 'paste';
    if (mode === 'copy') return this.copy(prepared, null);
    if (mode === 'type') return this.type(prepared);
    return this.paste(prepared, options);
  }

  private async paste(text: string, options: DeliveryOptions): Promise<DeliveryResult> {
    const keys = this.backend.keys;
    if (!keys) return this.copy(text, this.backend.keysMissing);
    // Most targets paste the CLIPBOARD: save it while the focused window is looked up.
    const usual = this.backend.clipboard('clipboard');
    const early = usual ? this.save(usual) : null;
    const route = await this.route(options);
    const clipboard = this.backend.clipboard(route.selection);
    if (!clipboard) {
      // Typing leaves the clipboard alone and needs only the keystroke tool.
      const missing = this.backend.clipboardMissing ?? {
        code: 'clipboard_unavailable' as const,
        message: `The ${route.selection} selection cannot be used here`,
      };
      await early;
      return this.type(text, missing);
    }
    this.backendName = `${this.backend.session}: ${clipboard.name} + ${keys.name}`;
    this.chord = route.chord;
    const earlySnapshot = await early;
    const snapshot = clipboard === usual && earlySnapshot ? earlySnapshot : await this.save(clipboard);

    let offer: ClipboardOffer;
    try {
      offer = await this.step('clipboardSetMs', () => clipboard.offer(text));
    } catch (error) {
      return this.type(text, {
        code: 'clipboard_failed',
        message: `Could not put the text on the clipboard: ${serializeError(error).message}`,
      });
    }

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

    if (!(await offer.stillOurs())) {
      // Pasted, and then someone copied something new: that is the user's now, never overwrite it.
      return this.finish('paste', true, 'kept-newer-copy', null);
    }
    if (!snapshot.readable) {
      // Nothing to put back: leave our text rather than an empty clipboard.
      await this.leave(offer);
      return this.finish('paste', true, 'not-saved', null);
    }
    try {
      await this.step('clipboardRestoreMs', () => clipboard.restore(snapshot));
    } catch (error) {
      this.logger.error({ error: serializeError(error) }, 'could not restore the clipboard');
      return this.finish('paste', true, 'left-with-text', null);
    }
    return this.finish('paste', true, 'restored', null);
  }

  private async type(text: string, why: Unavailable | null = null): Promise<DeliveryResult> {
    const keys = this.backend.keys;
    if (!keys) return this.copy(text, why ?? this.backend.keysMissing);
    this.backendName = `${this.backend.session}: ${keys.name}`;
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
    return this.finish('type', true, 'untouched', why);
  }

  /** Copy only, or the last resort: leave the text on the clipboard and tell the user to paste. */
  private async copy(text: string, why: Unavailable | null): Promise<DeliveryResult> {
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
    const fallback: PasteRoute = {
      selection: 'clipboard',
      chord: this.backend.pasteChord,
      terminal: false,
      readsPerPaste: 1,
    };
    if (options.target) {
      const route = options.target.windowClass ? x11PasteRoute([options.target.windowClass]) : fallback;
      const terminal = options.target.terminal ?? route.terminal;
      this.target = { windowClass: options.target.windowClass, terminal };
      if (this.backend.session !== 'x11') return fallback;
      return terminal && !route.terminal ? { ...route, chord: 'ctrl+shift+v', terminal } : route;
    }
    const x11 = this.backend.x11;
    if (!x11) return fallback;
    const window = await this.step('targetMs', () => x11FocusedWindow(x11, this.backend.env));
    const route = x11PasteRoute(window?.classNames ?? []);
    this.target = { windowClass: window?.classNames.at(-1) ?? null, terminal: route.terminal };
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
      target: this.target,
      consumption: this.consumption,
      clipboard,
      fallback,
      notice: leftOnClipboard
        ? `Copied - press ${CHORD_LABEL[this.chord ?? this.backend.pasteChord]}`
        : fallback && !ok && method !== 'copy' && fallback.code !== 'blank_text'
          ? `Not delivered: ${fallback.message}`
          : null,
      timings: { ...this.timings, totalMs: performance.now() - this.started },
    };
    const level = ok || fallback?.code === 'blank_text' ? 'info' : 'warn';
    this.logger[level]({ delivery: { ...result } }, `text delivery: ${method}${ok ? '' : ' (fallback)'}`);
    return result;
  }
}

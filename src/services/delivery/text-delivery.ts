import type { Logger } from 'pino';
import type { DeliveryMethod, DeliveryMode, DeliveryResult } from '../../shared/delivery.js';
import { detectBackend, type DeliveryBackend, type DesktopSession, type Unavailable } from './backend.js';
import type { ClipboardAccess } from './clipboard-access.js';
import { Delivery } from './deliver.js';
import { lookUpFocusedApp, type FocusLookup } from './focused-app.js';
import type { AfterKey, KeySender, PasteChord } from './key-sender.js';

export interface DeliveryOptions {
  /** 'paste' (default), 'type', or 'copy' (copy only: the user pastes). */
  mode?: DeliveryMode;
  /** Add a space after the text, so the next dictation does not run into it. Default false. */
  trailingSpace?: boolean;
  /** The focused window when the caller already knows it; otherwise it is looked up (X11). */
  target?: { windowClass: string | null; terminal?: boolean };
  /** Paste with these keys instead of the target's usual ones (a profile's paste method). */
  chord?: PasteChord;
  /** A key sent once the text is in the application (a profile's "after"); never when it is not. */
  after?: AfterKey | 'none';
  /**
   * The window that had focus when recording started (FocusedApp.windowId): when another one has
   * focus now, nothing is pasted or typed and the text is left on the clipboard with a notice.
   */
  expectWindow?: string | null;
  /** The text is delivered as given (the text rules placed its spaces); only blank text is refused. */
  exact?: boolean;
  /**
   * Spaces to take back before the text (Backspace), where the rules know the field ends in one and
   * the text starts with punctuation. Only with paste and type, and only into the expected window.
   */
  eraseBefore?: number;
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
  /** The application with keyboard focus now (for per-app profiles), or why it cannot be known. */
  focusedApp?(): Promise<FocusLookup>;
}

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
    focusedApp: () => lookUpFocusedApp(backend),
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

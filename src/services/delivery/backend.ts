import type { Logger } from 'pino';
import type { DeliveryFallbackCode } from '../../shared/delivery.js';
import type { ClipboardAccess } from './clipboard-access.js';
import { findExecutable } from './find-executable.js';
import type { KeySender, PasteChord } from './key-sender.js';
import { macBackend, windowsBackend } from './scripted-backend.js';
import { WtypeKeys, YdotoolKeys } from './wayland-keys.js';
import { WlClipboard } from './wl-clipboard.js';
import { XclipClipboard } from './x11-clipboard.js';
import { XdotoolKeys } from './xdotool-keys.js';
import type { X11Selection } from './xclip-owner.js';

export type DesktopSession = 'x11' | 'wayland' | 'macos' | 'windows' | 'none';

/** Why a capability is missing, in words for the user, with what to do. */
export interface Unavailable {
  code: DeliveryFallbackCode;
  message: string;
  hint?: string;
}

/** The tools found for this desktop, detected once. */
export interface DeliveryBackend {
  session: DesktopSession;
  /** The environment the tools run in. */
  env: NodeJS.ProcessEnv;
  /** Every tool looked for and where it was found (null: not on PATH). */
  tools: Record<string, string | null>;
  /** The CLIPBOARD, or on X11 also the PRIMARY selection; null when there is no way to reach it. */
  clipboard(selection: X11Selection): ClipboardAccess | null;
  clipboardMissing: Unavailable | null;
  keys: KeySender | null;
  keysMissing: Unavailable | null;
  pasteChord: PasteChord;
  /** X11 only: what is needed to find the focused window's class. */
  x11: { xdotool: string; xprop: string | null } | null;
}

export interface BackendOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  logger: Logger;
  /** A clipboard supplied by the caller (Electron's), used for the CLIPBOARD instead of a tool. */
  clipboard?: ClipboardAccess;
  /** A key sender supplied by the caller, used instead of the platform's tool. */
  keys?: KeySender;
}

export function detectBackend(options: BackendOptions): DeliveryBackend {
  const backend = detectPlatformBackend(options);
  if (!options.keys) return backend;
  return { ...backend, keys: options.keys, keysMissing: null };
}

function detectPlatformBackend(options: BackendOptions): DeliveryBackend {
  const { env, platform } = options;
  const find = (name: string) => findExecutable(name, env, platform);
  if (platform === 'darwin') return macBackend(options, find('osascript'));
  if (platform === 'win32') return windowsBackend(options, find('powershell') ?? find('pwsh'));
  const tools = {
    xclip: find('xclip'),
    xdotool: find('xdotool'),
    xprop: find('xprop'),
    'wl-copy': find('wl-copy'),
    'wl-paste': find('wl-paste'),
    wtype: find('wtype'),
    ydotool: find('ydotool'),
  };
  const wayland = Boolean(env['WAYLAND_DISPLAY']) || env['XDG_SESSION_TYPE'] === 'wayland';
  if (wayland) return waylandBackend(options, tools);
  if (env['DISPLAY']) return x11Backend(options, tools);
  return {
    session: 'none',
    env,
    tools,
    clipboard: () => options.clipboard ?? null,
    clipboardMissing: options.clipboard ? null : noSession(),
    keys: null,
    keysMissing: noSession(),
    pasteChord: 'ctrl+v',
    x11: null,
  };
}

function noSession(): Unavailable {
  return {
    code: 'no_desktop_session',
    message: 'No desktop session was found (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    hint: 'Run Dictation from inside your desktop session.',
  };
}

function x11Backend(options: BackendOptions, tools: Record<string, string | null>): DeliveryBackend {
  const { env, logger } = options;
  const xclip = tools['xclip'] ?? null;
  const xdotool = tools['xdotool'] ?? null;
  const clipboards = new Map<X11Selection, ClipboardAccess>();
  const clipboard = (selection: X11Selection): ClipboardAccess | null => {
    if (selection === 'clipboard' && options.clipboard) return options.clipboard;
    if (!xclip) return null;
    let access = clipboards.get(selection);
    if (!access) {
      access = new XclipClipboard(xclip, selection, env, logger);
      clipboards.set(selection, access);
    }
    return access;
  };
  return {
    session: 'x11',
    env: options.env,
    tools,
    clipboard,
    clipboardMissing:
      xclip || options.clipboard
        ? null
        : {
            code: 'clipboard_unavailable',
            message: 'xclip is not installed, so the clipboard cannot be used',
            hint: 'Install xclip (Debian/Ubuntu: sudo apt install xclip).',
          },
    keys: xdotool ? new XdotoolKeys(xdotool, env) : null,
    keysMissing: xdotool
      ? null
      : {
          code: 'keystroke_unavailable',
          message: 'xdotool is not installed, so no keystroke can be sent to the focused app',
          hint: 'Install xdotool (Debian/Ubuntu: sudo apt install xdotool).',
        },
    pasteChord: 'ctrl+v',
    x11: xdotool ? { xdotool, xprop: tools['xprop'] ?? null } : null,
  };
}

function waylandBackend(options: BackendOptions, tools: Record<string, string | null>): DeliveryBackend {
  const { env, logger } = options;
  const wlCopy = tools['wl-copy'] ?? null;
  const wlPaste = tools['wl-paste'] ?? null;
  const xclip = tools['xclip'] ?? null;
  let access: ClipboardAccess | null = options.clipboard ?? null;
  if (!access && wlCopy && wlPaste) access = new WlClipboard(wlCopy, wlPaste, env);
  // Without wl-clipboard, XWayland's bridge still carries the clipboard between X11 and Wayland apps.
  if (!access && xclip && env['DISPLAY']) access = new XclipClipboard(xclip, 'clipboard', env, logger);
  const wtype = tools['wtype'] ?? null;
  const ydotool = tools['ydotool'] ?? null;
  return {
    session: 'wayland',
    env: options.env,
    tools,
    clipboard: (selection) => (selection === 'clipboard' ? access : null),
    clipboardMissing: access
      ? null
      : {
          code: 'clipboard_unavailable',
          message: 'wl-clipboard is not installed, so the Wayland clipboard cannot be used',
          hint: 'Install wl-clipboard (Debian/Ubuntu: sudo apt install wl-clipboard).',
        },
    keys: wtype ? new WtypeKeys(wtype, env) : ydotool ? new YdotoolKeys(ydotool, env) : null,
    keysMissing:
      wtype || ydotool
        ? null
        : {
            code: 'keystroke_unavailable',
            message: 'Neither wtype nor ydotool is installed, so no keystroke can be sent on Wayland',
            hint: 'Install wtype (Sway, Hyprland, KDE) or ydotool with its ydotoold service (GNOME and others).',
          },
    pasteChord: 'ctrl+v',
    x11: null,
  };
}

import type { DesktopSession } from './backend.js';
import type { PasteChord } from './key-sender.js';

/**
 * Linux terminals paste the CLIPBOARD with Ctrl+Shift+V (Ctrl+V is a control character there).
 * Matched against both parts of WM_CLASS (instance and class), lower-cased.
 */
const CTRL_SHIFT_V_TERMINALS = new Set([
  'gnome-terminal',
  'gnome-terminal-server',
  'konsole',
  'kitty',
  'alacritty',
  'wezterm',
  'org.wezfurlong.wezterm',
  'terminator',
  'tilix',
  'com.gexperts.tilix',
  'xfce4-terminal',
  'st',
  'st-256color',
  'foot',
  'footclient',
  'mate-terminal',
  'lxterminal',
  'qterminal',
  'terminology',
  'sakura',
  'guake',
  'tilda',
  'termite',
  'cool-retro-term',
  'deepin-terminal',
  'ptyxis',
  'org.gnome.ptyxis',
  'kgx',
  'org.gnome.console',
  'ghostty',
  'com.mitchellh.ghostty',
  'contour',
  'rio',
  'tabby',
  'hyper',
]);

/**
 * xterm and the rxvt family bind no key to the CLIPBOARD by default (Ctrl+Shift+V does nothing in
 * xterm: checked under Xvfb), but Shift+Insert pastes the PRIMARY selection. For these the text is put
 * on PRIMARY (saved and restored like the clipboard) and Shift+Insert is sent.
 */
const PRIMARY_SHIFT_INSERT_TERMINALS = new Set([
  'xterm',
  'uxterm',
  'urxvt',
  'rxvt',
  'urxvt-256color',
  'rxvt-unicode',
  'aterm',
  'eterm',
]);

/**
 * Chromium and the apps built on it read the clipboard twice per paste: the browser process as the
 * key arrives, the page when it handles the key (which can be seconds later on a busy page). Checked
 * with Debian's Chromium under Xvfb. WM_CLASS values of Chromium browsers and common Electron apps.
 */
const CHROMIUM_FAMILY = new Set([
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-beta',
  'google-chrome-unstable',
  'brave-browser',
  'microsoft-edge',
  'vivaldi-stable',
  'opera',
  'code',
  'code - oss',
  'vscodium',
  'cursor',
  'slack',
  'discord',
  'signal',
  'obsidian',
  'notion-app',
  'teams-for-linux',
  'element',
  'joplin',
  'logseq',
  'figma-linux',
  'postman',
  'tabby',
  'hyper',
]);

export interface PasteRoute {
  selection: 'clipboard' | 'primary';
  chord: PasteChord;
  terminal: boolean;
  /** How many times the target reads the clipboard for one paste. */
  readsPerPaste: number;
}

/** How to paste into a window of this WM_CLASS on X11 (instance and class names). */
export function x11PasteRoute(classNames: readonly string[]): PasteRoute {
  const names = classNames.map((n) => n.toLowerCase());
  const readsPerPaste = names.some((n) => CHROMIUM_FAMILY.has(n)) ? 2 : 1;
  if (names.some((n) => PRIMARY_SHIFT_INSERT_TERMINALS.has(n))) {
    return { selection: 'primary', chord: 'shift+Insert', terminal: true, readsPerPaste };
  }
  if (names.some((n) => CTRL_SHIFT_V_TERMINALS.has(n))) {
    return { selection: 'clipboard', chord: 'ctrl+shift+v', terminal: true, readsPerPaste };
  }
  return { selection: 'clipboard', chord: 'ctrl+v', terminal: false, readsPerPaste };
}

/**
 * How to paste here: on X11 by the focused window's WM_CLASS, elsewhere the platform's chord. A
 * profile's chord replaces the usual one (not on macOS, where only Cmd+V pastes); Shift+Insert keeps
 * the PRIMARY selection for the terminals that paste it (xterm), every other chord the CLIPBOARD.
 */
export function pasteRouteFor(
  session: DesktopSession,
  platformChord: PasteChord,
  classNames: readonly string[] | string | null,
  chosen?: PasteChord,
): PasteRoute {
  const names = classNames === null ? [] : typeof classNames === 'string' ? [classNames] : classNames;
  const usual: PasteRoute =
    session === 'x11'
      ? x11PasteRoute(names)
      : { selection: 'clipboard', chord: platformChord, terminal: false, readsPerPaste: 1 };
  if (!chosen || session === 'macos' || chosen === usual.chord) return usual;
  const selection = chosen === 'shift+Insert' && usual.selection === 'primary' ? 'primary' : 'clipboard';
  return { ...usual, chord: chosen, selection };
}

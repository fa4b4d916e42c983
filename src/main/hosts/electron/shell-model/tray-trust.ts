import type { HostAnswer } from './status-notifier-host.js';

export interface TrayTrust {
  /** False: the icon would not show, so the app makes no tray and closing the window quits. */
  trusted: boolean;
  /** Said once in the window when the tray is not trusted. */
  notice: { message: string; hint: string } | null;
}

/**
 * Whether to rely on the tray: always on macOS and Windows; on Linux only when a StatusNotifier host
 * is registered (or when the bus cannot be asked at all, where Electron's own behaviour stands).
 * Without a tray, closing the window quits rather than minimising: the tray is the app's only Quit,
 * so a window that minimised on close would leave no way out, and a dictation in flight is finished
 * by the quit like any other.
 */
export function trayTrust(platform: NodeJS.Platform, answer: HostAnswer | null): TrayTrust {
  if (platform !== 'linux' || !answer || answer.host !== 'none') return { trusted: true, notice: null };
  return {
    trusted: false,
    notice: {
      message:
        'This desktop shows no tray icons, so Dictation has none: closing its window quits it, and the hotkeys stop with it.',
      hint: 'To keep Dictation running in the background, keep the window open (minimise it), or on GNOME install and turn on the "AppIndicator and KStatusNotifierItem Support" extension and restart Dictation.',
    },
  };
}

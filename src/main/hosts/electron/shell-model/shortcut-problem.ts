import { AppError } from '../../../../shared/errors.js';
import { isWaylandSession } from './desktop-session.js';

/** Why Electron's globalShortcut.register() returned false for a shortcut, and what to do. */
export function shortcutNotRegistered(
  accelerator: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  which: 'toggle' | 'paste-again' = 'toggle',
): AppError {
  if (isWaylandSession(env, platform)) {
    return new AppError(
      'hotkey_unavailable',
      `The ${which} shortcut ${accelerator} could not be registered: this Wayland desktop did not grant it through the global shortcuts portal.`,
      {
        hint:
          'Allow the shortcut when the desktop asks (it needs xdg-desktop-portal with global shortcuts: KDE Plasma 5.27+, GNOME 48+), ' +
          'or choose another shortcut in Settings > Hotkeys; in an X11 session shortcuts need no portal.',
      },
    );
  }
  return new AppError(
    'hotkey_unavailable',
    `The ${which} shortcut ${accelerator} could not be registered: another application already uses it.`,
    {
      hint:
        platform === 'darwin'
          ? 'Choose another shortcut in Settings > Hotkeys, or free it in System Settings > Keyboard > Keyboard Shortcuts.'
          : "Choose another shortcut in Settings > Hotkeys, or free it in the other application or your desktop's keyboard settings.",
    },
  );
}

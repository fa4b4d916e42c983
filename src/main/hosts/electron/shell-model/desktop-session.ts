/** A Linux session whose display server is Wayland (XWayland apps may still have DISPLAY set). */
export function isWaylandSession(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform !== 'linux') return false;
  return env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(env['WAYLAND_DISPLAY']);
}

/**
 * Chromium switches the shell sets before the app is ready. On Wayland, global shortcuts go through
 * the desktop's GlobalShortcuts portal (Electron's globalShortcut registers nothing without it).
 */
export function chromiumFeaturesFor(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  return isWaylandSession(env, platform) ? ['GlobalShortcutsPortal'] : [];
}

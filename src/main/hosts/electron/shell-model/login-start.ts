/**
 * Whether this launch is the one the OS made at login, so the app starts in the tray: --hidden from
 * the Windows login item and the Linux autostart entry; on macOS the login item cannot pass arguments,
 * so the OS is asked (Electron 45's app.getLoginItemSettings().wasOpenedAtLogin, which on macOS 13 and
 * later comes from the launch event itself). It is macOS-only: read only there.
 */
export function startedAtLogin(
  hiddenFlag: boolean,
  platform: NodeJS.Platform,
  wasOpenedAtLogin: () => boolean | undefined,
): boolean {
  if (hiddenFlag) return true;
  return platform === 'darwin' && wasOpenedAtLogin() === true;
}

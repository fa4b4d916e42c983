// Launch at login on all three systems: the OS login item on macOS and Windows, an XDG autostart
// entry on Linux (written by the Electron-free packaging/linux-autostart.ts).
import { app } from 'electron';
import {
  disableLinuxAutostart,
  enableLinuxAutostart,
  linuxLaunchCommand,
  refreshLinuxAutostart,
} from './packaging/linux-autostart.js';
import { HIDDEN_FLAG } from './packaging/launch-request.js';

/** Windows starts the app with --hidden; the same args must be passed to query the item. */
const windowsItem = () => ({ path: process.execPath, args: [HIDDEN_FLAG] });

export async function setLaunchAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'linux') {
    if (enabled) await enableLinuxAutostart({ command: linuxLaunchCommand(process.execPath) });
    else await disableLinuxAutostart();
  } else if (process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, ...windowsItem() });
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }
}

/** Call at start-up: keeps a Linux entry pointing at this copy of the app (an AppImage may have moved). */
export async function refreshLaunchAtLogin(): Promise<void> {
  if (process.platform === 'linux')
    await refreshLinuxAutostart({ command: linuxLaunchCommand(process.execPath) });
}

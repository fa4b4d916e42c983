// For the Playwright Electron tests only (DICTATION_TEST_HOOKS=1): what the shell shows, readable from
// electronApp.evaluate(), because a tray icon cannot be inspected from outside the process.
import type { BrowserWindow } from 'electron';
import { serializeError, type SerializedError } from '../../../shared/errors.js';
import type { AppRuntime } from '../../app/create-app-runtime.js';
import type { AppTray } from './tray.js';

export interface ShellTestHooks {
  tray(): { exists: boolean; icon: string | null; tooltip: string | null; menu: string[] };
  window(): { exists: boolean; visible: boolean; url: string | null };
  readiness(): SerializedError | null;
  dataDir: string;
}

export function installTestHooks(parts: {
  runtime: AppRuntime;
  tray: () => AppTray | null;
  window: () => BrowserWindow | null;
}): void {
  if (process.env['DICTATION_TEST_HOOKS'] !== '1') return;
  const hooks: ShellTestHooks = {
    tray() {
      const tray = parts.tray();
      const view = tray?.current ?? null;
      return {
        exists: tray !== null && !tray.tray.isDestroyed(),
        icon: view?.icon ?? null,
        tooltip: view?.tooltip ?? null,
        menu: view?.menu.flatMap((item) => ('label' in item ? [item.label] : [])) ?? [],
      };
    },
    window() {
      const window = parts.window();
      const alive = window !== null && !window.isDestroyed();
      return {
        exists: alive,
        visible: alive && window.isVisible(),
        url: alive ? window.webContents.getURL() : null,
      };
    },
    readiness() {
      const problem = parts.runtime.readiness();
      return problem ? serializeError(problem) : null;
    },
    dataDir: parts.runtime.paths.dataDir,
  };
  (globalThis as { __dictationTest?: ShellTestHooks }).__dictationTest = hooks;
}

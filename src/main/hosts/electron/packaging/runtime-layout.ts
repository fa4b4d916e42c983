import path from 'node:path';

export const TRAY_STATES = ['idle', 'listening', 'recording', 'transcribing', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** Where the files the app loads at run time are, relative to the app's root (app.asar when packaged). */
export interface RuntimeLayout {
  appRoot: string;
  /** Sandboxed preload bundle for BrowserWindow webPreferences.preload. */
  preloadScript: string;
  rendererHtml: string;
  /** The engine's entry, started with utilityProcess.fork (Electron) or child_process.fork (Node). */
  engineEntry: string;
  /** BrowserWindow `icon` (Linux and Windows; macOS uses the bundle's icon). */
  windowIcon: string;
  /**
   * The tray image for a state: a template image on macOS (nativeImage picks up the @2x file and
   * the menu bar tints it), an .ico on Windows, a PNG with an @2x companion on Linux.
   */
  trayIcon(state: TrayState): string;
  /** A path inside app.asar that native code must open (dlopen, exec): its unpacked copy. */
  unpacked(file: string): string;
}

export function runtimeLayout(appRoot: string, platform: NodeJS.Platform = process.platform): RuntimeLayout {
  const at = (...parts: string[]) => path.join(appRoot, ...parts);
  return {
    appRoot,
    preloadScript: at('dist', 'preload', 'index.cjs'),
    rendererHtml: at('dist', 'renderer', 'index.html'),
    engineEntry: at('dist', 'src', 'engine', 'main.js'),
    windowIcon: at('assets', 'window', platform === 'win32' ? 'icon.ico' : 'icon.png'),
    trayIcon: (state) => at('assets', 'tray', trayIconFile(state, platform)),
    unpacked: unpackedPath,
  };
}

export function trayIconFile(state: TrayState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `${state}Template.png`;
  if (platform === 'win32') return `${state}.ico`;
  return `${state}.png`;
}

/** Electron reads files inside app.asar transparently, but the OS cannot: native code needs the unpacked copy. */
export function unpackedPath(file: string): string {
  const marker = `app.asar${path.sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? file : `${file.slice(0, at)}app.asar.unpacked${path.sep}${file.slice(at + marker.length)}`;
}

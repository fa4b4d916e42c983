// Electron main process entry. Kept thin: windows and OS integration only; speech runs in the engine.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';

const here = path.dirname(fileURLToPath(import.meta.url));

function createWindow(): void {
  const window = new BrowserWindow({
    width: 900,
    height: 640,
    webPreferences: {
      preload: path.join(here, '..', '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  void window.loadFile(path.join(here, '..', '..', 'renderer', 'index.html'));
}

void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());

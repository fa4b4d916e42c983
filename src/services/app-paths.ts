import os from 'node:os';
import path from 'node:path';

/** Where the app keeps its files. The CLI and the desktop app use the same folders. */
export interface AppPaths {
  dataDir: string;
  modelsDir: string;
  logsDir: string;
  sessionsDir: string;
  databaseFile: string;
  settingsFile: string;
}

/**
 * The same folder Electron's app.getPath('userData') gives for productName "Dictation", so models
 * downloaded by the CLI are seen by the app: ~/.config/Dictation (Linux, or $XDG_CONFIG_HOME),
 * ~/Library/Application Support/Dictation (macOS), %APPDATA%\Dictation (Windows).
 * DICTATION_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['DICTATION_DATA_DIR']) return path.resolve(env['DICTATION_DATA_DIR']);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Dictation');
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Dictation');
    default:
      return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'Dictation');
  }
}

export function appPaths(dataDir: string = defaultDataDir()): AppPaths {
  return {
    dataDir,
    modelsDir: path.join(dataDir, 'models'),
    logsDir: path.join(dataDir, 'logs'),
    sessionsDir: path.join(dataDir, 'sessions'),
    databaseFile: path.join(dataDir, 'dictation.db'),
    settingsFile: path.join(dataDir, 'settings.json'),
  };
}

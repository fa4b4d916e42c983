import { readFile } from 'node:fs/promises';
import { appPaths } from '../services/app-paths.js';
import { resolveSettings } from '../services/settings/resolve-settings.js';
import { DEFAULT_SETTINGS, type Settings, type SettingsWarning } from '../shared/settings.js';

/** The app's settings as the CLI reads them, and whether they came from a file (or are the defaults). */
export interface CliSettings {
  settings: Settings;
  warnings: SettingsWarning[];
  fromFile: boolean;
}

/**
 * The window's settings file, read only (the CLI never moves a damaged file aside or creates the
 * folder; the app does that when it starts): a missing or unreadable file gives the defaults, a bad
 * field its default, each with a warning the caller may print.
 */
export async function readAppSettings(dataDir?: string): Promise<CliSettings> {
  const file = appPaths(dataDir).settingsFile;
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    const defaults = { settings: structuredClone(DEFAULT_SETTINGS), fromFile: false };
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...defaults, warnings: [] };
    const message = `the settings file ${file} could not be read (${(error as Error).message}); the defaults apply`;
    return { ...defaults, warnings: [{ kind: 'unreadable_file', message }] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    const message = `the settings file ${file} is not a JSON object; the defaults apply`;
    return {
      settings: structuredClone(DEFAULT_SETTINGS),
      fromFile: false,
      warnings: [{ kind: 'corrupt_file', message }],
    };
  }
  return { ...resolveSettings(raw as Record<string, unknown>), fromFile: true };
}

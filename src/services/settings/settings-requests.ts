import type { AppHandlers } from '../../shared/app-protocol.js';
import type { Settings, SettingsWarning } from '../../shared/settings.js';

export interface SettingsPort {
  readonly warnings: readonly SettingsWarning[];
  get(): Settings;
  /** Merges the patch; rejects (changing nothing) when the result is not valid settings. */
  update(patch: unknown): Promise<Settings>;
  subscribe(listener: (settings: Settings, previous: Settings) => void): () => void;
}

export const SETTINGS_REQUESTS = ['settings_get', 'settings_update'] as const;

export function settingsHandlers(settings: SettingsPort): AppHandlers<(typeof SETTINGS_REQUESTS)[number]> {
  return {
    settings_get: () => ({ settings: settings.get(), warnings: [...settings.warnings] }),
    settings_update: (request) => settings.update(request.patch),
  };
}

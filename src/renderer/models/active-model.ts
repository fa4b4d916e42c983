import type { InstalledModel } from '../../shared/models.js';
import type { Settings } from '../../shared/settings.js';

/**
 * The installed model dictation uses: the one the settings name (what the engine loads), else the
 * model manager's choice, which the engine falls back to.
 */
export function activeModel(
  installed: readonly InstalledModel[],
  settings: Settings | null,
): InstalledModel | null {
  const chosen = settings?.speech.model;
  const bySettings = installed.find((m) => m.file === chosen || m.path === chosen);
  return bySettings ?? installed.find((m) => m.active) ?? null;
}

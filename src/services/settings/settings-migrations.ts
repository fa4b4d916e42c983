import { SETTINGS_SCHEMA_VERSION } from '../../shared/settings.js';

/**
 * Upgrades a settings file written by an older version, one schema version at a time. When the
 * Settings schema changes incompatibly, bump SETTINGS_SCHEMA_VERSION and add the step from the
 * previous version here (rename or reshape fields; values that no longer fit fall back to defaults
 * on their own).
 */
type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

const MIGRATIONS: Record<number, Migration> = {
  // 1: the first version; nothing to migrate yet.
};

export function migrateSettings(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let data = raw;
  for (let version = fromVersion; version < SETTINGS_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (step) data = step(data);
  }
  return { ...data, schemaVersion: SETTINGS_SCHEMA_VERSION };
}

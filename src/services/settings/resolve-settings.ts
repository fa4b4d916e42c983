import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  SETTINGS_GROUPS,
  SETTINGS_SCHEMA_VERSION,
  Settings,
  settingsProblems,
  type SettingsWarning,
} from '../../shared/settings.js';
import { migrateSettings } from './settings-migrations.js';
import { resolveTextGroup } from './resolve-text-group.js';

export interface ResolvedSettings {
  settings: Settings;
  warnings: SettingsWarning[];
}

/**
 * Turns what was read from the settings file into valid settings, field by field: a missing field gets
 * its default quietly, a bad one gets its default and a warning naming it, and every other field keeps
 * the user's value.
 */
export function resolveSettings(raw: Record<string, unknown>): ResolvedSettings {
  const warnings: SettingsWarning[] = [];
  const { data, fromNewerVersion } = migrated(raw, warnings);
  const result: Record<string, unknown> = { schemaVersion: SETTINGS_SCHEMA_VERSION };
  for (const group of SETTINGS_GROUPS) {
    const schema = Settings.shape[group];
    const defaults = DEFAULT_SETTINGS[group] as Record<string, unknown>;
    result[group] =
      group === 'text'
        ? resolveTextGroup(data[group], fromNewerVersion, warnings)
        : resolveGroup(group, schema, defaults, data[group], fromNewerVersion, warnings);
  }
  if (!fromNewerVersion) {
    for (const key of Object.keys(data)) {
      if (key !== 'schemaVersion' && !(SETTINGS_GROUPS as string[]).includes(key)) {
        warnings.push(unknownField(key));
      }
    }
  }
  const settings = Settings.parse(result);
  const problems = settingsProblems(settings);
  if (problems.length > 0) {
    warnings.push({
      kind: 'conflict',
      field: 'hotkeys',
      message: `${problems.join(' ')} All hotkeys were reset to their defaults.`,
    });
    settings.hotkeys = { ...DEFAULT_SETTINGS.hotkeys };
  }
  return { settings, warnings };
}

function migrated(
  raw: Record<string, unknown>,
  warnings: SettingsWarning[],
): { data: Record<string, unknown>; fromNewerVersion: boolean } {
  const version = raw['schemaVersion'];
  if (version === undefined) return { data: raw, fromNewerVersion: false };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    warnings.push({
      kind: 'invalid_field',
      field: 'schemaVersion',
      message: `Setting schemaVersion is ${JSON.stringify(version)}, not a version number; the file was read as version ${SETTINGS_SCHEMA_VERSION}.`,
    });
    return { data: raw, fromNewerVersion: false };
  }
  if (version > SETTINGS_SCHEMA_VERSION) {
    warnings.push({
      kind: 'newer_version',
      message: `The settings file was written by a newer version of Dictation (settings version ${version}, this app knows ${SETTINGS_SCHEMA_VERSION}). Settings this version knows were kept; changing settings here drops the newer ones.`,
    });
    return { data: raw, fromNewerVersion: true };
  }
  return { data: migrateSettings(raw, version), fromNewerVersion: false };
}

function resolveGroup(
  group: string,
  schema: z.ZodObject,
  defaults: Record<string, unknown>,
  raw: unknown,
  fromNewerVersion: boolean,
  warnings: SettingsWarning[],
): Record<string, unknown> {
  if (raw === undefined) return { ...defaults };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push({
      kind: 'invalid_field',
      field: group,
      message: `Settings group ${group} is ${describe(raw)}, not a group of settings; all of it was reset to the defaults.`,
    });
    return { ...defaults };
  }
  const values = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    const value = values[field];
    const fallback = defaults[field];
    if (value === undefined) {
      out[field] = fallback;
      continue;
    }
    const parsed = (fieldSchema as z.ZodType).safeParse(value);
    if (parsed.success) {
      out[field] = parsed.data;
      continue;
    }
    const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
    warnings.push({
      kind: 'invalid_field',
      field: `${group}.${field}`,
      message: `Setting ${group}.${field} was ${SECRET_FIELDS.has(`${group}.${field}`) ? describeSecret(value) : describe(value)}: ${reason} The default ${JSON.stringify(fallback)} is used instead.`,
    });
    out[field] = fallback;
  }
  if (!fromNewerVersion) {
    for (const field of Object.keys(values)) {
      if (!(field in schema.shape)) warnings.push(unknownField(`${group}.${field}`));
    }
  }
  return out;
}

function unknownField(path: string): SettingsWarning {
  return {
    kind: 'invalid_field',
    field: path,
    message: `"${path}" in the settings file is not a setting (a typo?); it was ignored.`,
  };
}

/** Fields whose value never goes into a warning (warnings are logged and shown in the window). */
const SECRET_FIELDS = new Set(['integrations.eventApiToken', 'integrations.serveToken']);

function describeSecret(value: unknown): string {
  return typeof value === 'string' ? `a ${value.length}-character string` : typeof value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

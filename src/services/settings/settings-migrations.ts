import { SETTINGS_SCHEMA_VERSION } from '../../shared/settings.js';
import { wordsFromPrompt } from '../../shared/recognition-prompt.js';

/**
 * Upgrades a settings file written by an older version, one schema version at a time. When the
 * Settings schema changes incompatibly, bump SETTINGS_SCHEMA_VERSION and add the step from the
 * previous version here (rename or reshape fields; values that no longer fit fall back to defaults
 * on their own).
 */
type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

const MIGRATIONS: Record<number, Migration> = {
  1: moveWordsToExpect,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * 1 -> 2: "Words to expect" was one text box sent to whisper as its prompt. It is now a list (also
 * used to correct the words after recognition, and the only way for models without a prompt): a
 * prompt that is a list of names and terms moves into text.words; anything else (sentences) stays the
 * prompt, which is still sent.
 */
function moveWordsToExpect(raw: Record<string, unknown>): Record<string, unknown> {
  const speech = raw['speech'];
  if (!isObject(speech) || typeof speech['initialPrompt'] !== 'string') return raw;
  const words = wordsFromPrompt(speech['initialPrompt']);
  if (words === null) return raw;
  const text = isObject(raw['text']) ? raw['text'] : {};
  const listed = Array.isArray(text['words']) ? (text['words'] as unknown[]) : [];
  return {
    ...raw,
    speech: { ...speech, initialPrompt: '' },
    text: { ...text, words: [...listed, ...words] },
  };
}

export function migrateSettings(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let data = raw;
  for (let version = fromVersion; version < SETTINGS_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (step) data = step(data);
  }
  return { ...data, schemaVersion: SETTINGS_SCHEMA_VERSION };
}

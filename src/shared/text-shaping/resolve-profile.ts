import type { AfterPasteKey, PasteMethod, Profile, TextRules } from './rules-schema.js';

/** What a matched profile decides for one dictation; null fields mean "as the settings say". */
export interface ResolvedProfile {
  profile: Profile | null;
  /** Its position in rules.profiles. */
  index: number | null;
  /** null: the app's usual paste (Ctrl+V; Ctrl+Shift+V or Shift+Insert in terminals). */
  paste: PasteMethod | null;
  after: AfterPasteKey;
  /** For recognition and for the command and filler tables. */
  language: string | null;
  trailingSpace: boolean | null;
  /** The rules to shape this dictation with: the profile's words added, its switches applied. */
  rules: TextRules;
}

/** "Code.exe" and "code", "Safari.app" and "safari" are the same app. */
function normalizeAppName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\.(?:exe|app)$/, '');
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(name);
}

/** The first profile naming one of the app's names exactly; failing that, the first "*" pattern. */
function findProfile(profiles: readonly Profile[], names: readonly string[]): number | null {
  const wanted = names.map(normalizeAppName).filter(Boolean);
  if (wanted.length === 0) return null;
  const apps = profiles.map((profile) => normalizeAppName(profile.app));
  const exact = apps.findIndex((app) => !app.includes('*') && wanted.includes(app));
  if (exact >= 0) return exact;
  const glob = apps.findIndex((app) => app.includes('*') && wanted.some((name) => globMatches(app, name)));
  return glob >= 0 ? glob : null;
}

function withProfile(rules: TextRules, profile: Profile): TextRules {
  const on = profile.rules !== false;
  const known = new Set(rules.words.map((word) => word.toLowerCase()));
  const extraWords = (profile.words ?? []).filter((word) => !known.has(word.toLowerCase()));
  return {
    ...rules,
    language: profile.language ?? rules.language,
    words: [...rules.words, ...extraWords],
    commands: on && (profile.commands ?? rules.commands),
    fillers: on && (profile.fillers ?? rules.fillers),
    vocabulary: on && (profile.vocabulary ?? rules.vocabulary),
    replace: on && (profile.replace ?? rules.replace),
    spacing: profile.spacing ?? rules.spacing,
  };
}

/**
 * The profile for the application that had focus when recording started: its names (X11: both parts
 * of WM_CLASS; Windows: the process name; macOS: the bundle id), or null where the app cannot be
 * known (Wayland), which gets the defaults.
 */
export function resolveProfile(rules: TextRules, app: readonly string[] | string | null): ResolvedProfile {
  const names = app === null ? [] : typeof app === 'string' ? [app] : app;
  const index = findProfile(rules.profiles, names);
  const profile = index === null ? null : rules.profiles[index]!;
  if (!profile) {
    return {
      profile: null,
      index: null,
      paste: null,
      after: 'none',
      language: null,
      trailingSpace: null,
      rules,
    };
  }
  return {
    profile,
    index,
    paste: profile.paste ?? null,
    after: profile.after ?? 'none',
    language: profile.language ?? null,
    trailingSpace: profile.trailingSpace ?? null,
    rules: withProfile(rules, profile),
  };
}

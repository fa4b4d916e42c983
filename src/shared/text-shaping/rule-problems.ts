import type { z } from 'zod';

/** One entry of a rules file that was refused or ignored, and why; the rest of the file still works. */
export interface RuleProblem {
  /** Where it is, as a path into the JSON: "replacements[2].from", "profiles[0].paste", "" for the file. */
  path: string;
  message: string;
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** The first zod issue as a problem at base (plus the issue's own path inside the entry). */
export function problemFromZod(base: string, error: z.ZodError): RuleProblem {
  const issue = error.issues[0]!;
  const path = issue.path.reduce<string>(
    (at, key) => joinPath(at, typeof key === 'symbol' ? String(key) : key),
    base,
  );
  return { path, message: issue.message };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem for each key of value that the schema does not know. */
export function unknownKeyProblems(
  base: string,
  value: Record<string, unknown>,
  known: readonly string[],
): RuleProblem[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: joinPath(base, key), message: 'unknown setting, ignored' }));
}

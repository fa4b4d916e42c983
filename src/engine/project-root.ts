import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { dir: string; version: string } | undefined;

/**
 * The app's root folder (where its package.json is), found by walking up from this file, which works
 * from src/ (tests), dist/src/ (CLI, app) and inside an asar archive alike.
 */
function find(): { dir: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dictation') return (cached = { dir, version: pkg.version ?? '0.0.0' });
    }
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the app's package.json above ${fileURLToPath(import.meta.url)}`);
}

export function projectRoot(): string {
  return find().dir;
}

export function appVersion(): string {
  try {
    return find().version;
  } catch {
    return '0.0.0-unknown';
  }
}

/** The compiled engine entry the CLI and tests fork. */
export function engineEntry(): string {
  return path.join(projectRoot(), 'dist', 'src', 'engine', 'main.js');
}

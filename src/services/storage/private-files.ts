import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Owner-only: the settings (which hold the event API token), the database, kept audio, recorded sessions. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** A file or folder whose mode could not be made owner-only (another owner, a file system without modes). */
export interface ModeProblem {
  path: string;
  code: string;
  message: string;
}

/** Told about each ModeProblem; the file is still used as it is. */
export type ModeProblemHandler = (problem: ModeProblem) => void;

/** POSIX modes do not exist on Windows (its folders under %APPDATA% are per user already). */
const HAS_MODES = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) owner-only, or takes an existing one's group and other bits
 * away. A symbolic link at `dir` is not followed for the change of mode.
 */
export function ensurePrivateDir(dir: string, onProblem?: ModeProblemHandler): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tightenMode(dir, onProblem);
}

/**
 * Takes the group and other permission bits off `target` (a file or folder), without following a
 * symbolic link: the path is opened with O_NOFOLLOW and changed through that descriptor, so a link
 * swapped in between cannot redirect the change. A missing path or a link is left alone.
 */
export function tightenMode(target: string, onProblem?: ModeProblemHandler): void {
  if (!HAS_MODES) return;
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // ENOENT: nothing to protect yet. ELOOP: a link, whose target is not ours to change.
    if (code !== 'ENOENT' && code !== 'ELOOP') report(target, error, onProblem);
    return;
  }
  try {
    const { mode } = fstatSync(fd);
    if ((mode & 0o077) !== 0) fchmodSync(fd, mode & 0o700);
  } catch (error) {
    report(target, error, onProblem);
  } finally {
    closeSync(fd);
  }
}

/**
 * tightenMode for `dir` and everything under it (not through links): run at start, so files written
 * by an older version, or copied in with wider modes, become owner-only.
 */
export function tightenTree(dir: string, onProblem?: ModeProblemHandler): void {
  tightenMode(dir, onProblem);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') report(dir, error, onProblem);
    return;
  }
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(child, onProblem);
    else if (entry.isFile()) tightenMode(child, onProblem);
  }
}

function report(target: string, error: unknown, onProblem: ModeProblemHandler | undefined): void {
  const problem: ModeProblem = {
    path: target,
    code: (error as NodeJS.ErrnoException).code ?? 'unknown',
    message: `${target} could not be made private (owner-only): ${(error as Error).message}`,
  };
  if (onProblem) onProblem(problem);
  else process.emitWarning(problem.message, { code: 'DICTATION_MODE' });
}

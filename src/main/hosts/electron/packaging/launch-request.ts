import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_SCHEME } from './app-identity.js';

/** What one launch of the app (the first, a second one, "Open with", a dictation:// link) asks for. */
export interface LaunchRequest {
  /** Started at login: stay in the tray. */
  hidden: boolean;
  /** Bring the window forward (a plain second launch, files to show, or dictation://open). */
  showWindow: boolean;
  /** Files to add as transcription jobs, absolute, without duplicates. */
  jobs: LaunchJob[];
  /** Inputs that were not understood, with why (for the log). */
  ignored: { input: string; reason: string }[];
}

export interface LaunchJob {
  path: string;
  /** 'link' jobs came from a dictation:// URL that any web page can open: confirm before starting. */
  origin: 'argument' | 'link';
}

export interface LaunchContext {
  /** The launching process's working directory: relative file arguments are relative to it. */
  cwd: string;
  platform?: NodeJS.Platform;
}

/** The flag the login item / autostart entry passes. */
export const HIDDEN_FLAG = '--hidden';

/**
 * The user's part of a process.argv: without the executable, and without the app's folder when the
 * app runs unpackaged as `electron . <args>` (Electron's process.defaultApp).
 */
export function userArguments(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}

/**
 * Reads arguments, file paths and dictation:// links into one request. Chromium switches and macOS's
 * -psn_ argument are skipped. dictation:// links can show the window or add files, never start the
 * microphone: any web page can open such a link.
 *
 *   dictation://open
 *   dictation://transcribe?file=/abs/talk.mp3&file=file:///abs/b.wav
 */
export function parseLaunchInputs(inputs: readonly string[], context: LaunchContext): LaunchRequest {
  const platform = context.platform ?? process.platform;
  const request: LaunchRequest = { hidden: false, showWindow: false, jobs: [], ignored: [] };
  const addJob = (file: string, origin: LaunchJob['origin']) => {
    if (!request.jobs.some((job) => job.path === file)) request.jobs.push({ path: file, origin });
  };
  let filesOnly = false;
  for (const input of inputs) {
    if (!filesOnly && input === '--') {
      filesOnly = true;
    } else if (!filesOnly && input === HIDDEN_FLAG) {
      request.hidden = true;
    } else if (!filesOnly && (input.startsWith('-') || input === '')) {
      if (input !== '') request.ignored.push({ input, reason: 'command-line switch' });
    } else if (!filesOnly && hasScheme(input, PROTOCOL_SCHEME)) {
      readLink(input, platform, request, addJob);
    } else if (!filesOnly && hasScheme(input, 'file')) {
      const file = filePathOfUrl(input, platform);
      if (file) addJob(file, 'argument');
      else request.ignored.push({ input, reason: 'not a local file URL' });
    } else {
      addJob(pathApi(platform).resolve(context.cwd, input), 'argument');
    }
  }
  request.showWindow = !request.hidden || request.showWindow || request.jobs.length > 0;
  return request;
}

/** Several requests (macOS sends one open-file event per file) as one. */
export function mergeLaunchRequests(requests: readonly LaunchRequest[]): LaunchRequest {
  const merged: LaunchRequest = { hidden: false, showWindow: false, jobs: [], ignored: [] };
  for (const request of requests) {
    merged.hidden ||= request.hidden;
    merged.showWindow ||= request.showWindow;
    for (const job of request.jobs) {
      if (!merged.jobs.some((known) => known.path === job.path)) merged.jobs.push(job);
    }
    merged.ignored.push(...request.ignored);
  }
  return merged;
}

function readLink(
  input: string,
  platform: NodeJS.Platform,
  request: LaunchRequest,
  addJob: (file: string, origin: LaunchJob['origin']) => void,
): void {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    request.ignored.push({ input, reason: 'malformed link' });
    return;
  }
  // dictation://open parses with "open" as the host; dictation:open as the path.
  const action = (url.host || url.pathname).replace(/^\/+|\/+$/g, '').toLowerCase();
  if (action === '' || action === 'open') {
    request.showWindow = true;
    return;
  }
  if (action !== 'transcribe') {
    request.ignored.push({ input, reason: `unknown action "${action}"` });
    return;
  }
  request.showWindow = true;
  const files = url.searchParams.getAll('file');
  if (files.length === 0) request.ignored.push({ input, reason: 'transcribe link names no file' });
  for (const value of files) {
    const file = hasScheme(value, 'file') ? filePathOfUrl(value, platform) : value;
    // A link has no working directory: only absolute paths mean something.
    if (file && pathApi(platform).isAbsolute(file)) addJob(pathApi(platform).normalize(file), 'link');
    else request.ignored.push({ input: value, reason: 'a link may only name absolute file paths' });
  }
}

function hasScheme(input: string, scheme: string): boolean {
  return input.toLowerCase().startsWith(`${scheme}:`);
}

/** file:// URLs, as Linux file managers pass them to an Exec=... %U desktop entry. */
function filePathOfUrl(input: string, platform: NodeJS.Platform): string | null {
  try {
    const url = new URL(input);
    if (url.host !== '' && url.host !== 'localhost') return null;
    return fileURLToPath(url, { windows: platform === 'win32' });
  } catch {
    return null;
  }
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

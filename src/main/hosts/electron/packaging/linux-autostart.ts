import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../../../services/storage/atomic-file.js';
import { AppError } from '../../../../shared/errors.js';
import { EXECUTABLE_NAME, PRODUCT_NAME } from './app-identity.js';
import { HIDDEN_FLAG } from './launch-request.js';

/**
 * Launch at login on Linux: an XDG autostart entry, ~/.config/autostart/dictation.desktop, which
 * GNOME, KDE, Xfce, Cinnamon and the other freedesktop sessions start at login.
 */
export const AUTOSTART_FILE_NAME = `${EXECUTABLE_NAME}.desktop`;

export function autostartDirectory(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const configHome = env['XDG_CONFIG_HOME'];
  // The spec ignores a relative XDG_CONFIG_HOME.
  return path.join(
    configHome && path.isAbsolute(configHome) ? configHome : path.join(home, '.config'),
    'autostart',
  );
}

/**
 * What to start at login. Inside an AppImage, process.execPath is in a temporary mount that is gone
 * after the app quits; the AppImage runtime names the image itself in $APPIMAGE.
 */
export function linuxLaunchCommand(execPath: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['APPIMAGE'] || execPath;
}

function autostartEntry(command: string, args: readonly string[] = [HIDDEN_FLAG]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${PRODUCT_NAME}`,
    'Comment=Start Dictation in the tray at login',
    `Exec=${escapeStringValue([command, ...args].map(quoteExecArgument).join(' '))}`,
    `Icon=${EXECUTABLE_NAME}`,
    'Terminal=false',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface LinuxAutostartOptions {
  directory?: string;
  command: string;
  args?: readonly string[];
}

/** Writes the entry (atomically: a session starting meanwhile never sees half a file). Returns its path. */
export async function enableLinuxAutostart(options: LinuxAutostartOptions): Promise<string> {
  const directory = options.directory ?? autostartDirectory();
  const file = path.join(directory, AUTOSTART_FILE_NAME);
  const entry = autostartEntry(options.command, options.args);
  try {
    await mkdir(directory, { recursive: true });
    await writeFileAtomic(file, entry, { mode: 0o644 });
  } catch (cause) {
    throw new AppError('io', `Could not write the autostart entry ${file}`, {
      hint: `Check that ${directory} is writable.`,
      cause,
    });
  }
  return file;
}

export async function disableLinuxAutostart(directory = autostartDirectory()): Promise<void> {
  const file = path.join(directory, AUTOSTART_FILE_NAME);
  try {
    await rm(file, { force: true });
  } catch (cause) {
    throw new AppError('io', `Could not remove the autostart entry ${file}`, {
      hint: `Remove ${file} by hand.`,
      cause,
    });
  }
}

/** Whether the session will start the app: the entry exists and is not switched off (Hidden=true or GNOME's toggle). */
export async function isLinuxAutostartEnabled(directory = autostartDirectory()): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path.join(directory, AUTOSTART_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const keys = desktopEntryKeys(text);
  return keys.get('Hidden') !== 'true' && keys.get('X-GNOME-Autostart-enabled') !== 'false';
}

/**
 * Rewrites an enabled entry whose command is stale (an AppImage that was moved or replaced by a newer
 * file name). Call at start-up. Returns whether it rewrote the entry.
 */
export async function refreshLinuxAutostart(options: LinuxAutostartOptions): Promise<boolean> {
  const directory = options.directory ?? autostartDirectory();
  if (!(await isLinuxAutostartEnabled(directory))) return false;
  const current = await readFile(path.join(directory, AUTOSTART_FILE_NAME), 'utf8');
  if (current === autostartEntry(options.command, options.args)) return false;
  await enableLinuxAutostart({ ...options, directory });
  return true;
}

/** The keys of the [Desktop Entry] group. */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && line.includes('=') && !line.startsWith('#')) {
      const at = line.indexOf('=');
      keys.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return keys;
}

/** Characters that oblige an Exec argument to be quoted (Desktop Entry Specification, "The Exec key"). */
const RESERVED = /[ \t\n"'\\><~|&;$*?#()`]/;

/** One Exec argument: `%` doubled (field codes), quoted when needed with `"`, `` ` ``, `$` and `\` escaped. */
function quoteExecArgument(argument: string): string {
  if ([...argument].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new AppError(
      'invalid_request',
      `An autostart command cannot contain control characters: ${JSON.stringify(argument)}`,
      {
        hint: 'Move the app to a folder whose path has no line breaks or control characters.',
      },
    );
  }
  const percent = argument.replace(/%/g, '%%');
  if (argument !== '' && !RESERVED.test(argument)) return percent;
  return `"${percent.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** A desktop file string value: backslashes are escapes there too, so the quoting's own `\` doubles. */
function escapeStringValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

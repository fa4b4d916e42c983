import { execFile } from 'node:child_process';

/**
 * Whether the desktop shows tray icons. Electron's Linux tray is a StatusNotifierItem on D-Bus; like
 * Chromium (status_icon_linux_dbus.cc) it needs org.kde.StatusNotifierWatcher with
 * IsStatusNotifierHostRegistered true. Without one (GNOME without the AppIndicator extension) new
 * Tray() succeeds and shows nothing. 'unknown': neither gdbus nor dbus-send is installed.
 */
export type StatusNotifierHost = 'registered' | 'none' | 'unknown';

export interface HostAnswer {
  host: StatusNotifierHost;
  /** What the bus said, for the log. */
  detail: string;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The command is not installed. */
  missing: boolean;
}

export type RunCommand = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
) => Promise<CommandResult>;

const WATCHER = 'org.kde.StatusNotifierWatcher';
const PROPERTY = 'IsStatusNotifierHostRegistered';

/** The same question for GLib's gdbus and for dbus-send. */
const HOST_QUERIES: readonly { command: string; args: readonly string[] }[] = [
  {
    command: 'gdbus',
    args: [
      'call',
      '--session',
      '--timeout',
      '3',
      '--dest',
      WATCHER,
      '--object-path',
      '/StatusNotifierWatcher',
      '--method',
      'org.freedesktop.DBus.Properties.Get',
      WATCHER,
      PROPERTY,
    ],
  },
  {
    command: 'dbus-send',
    args: [
      '--session',
      '--print-reply=literal',
      '--reply-timeout=3000',
      `--dest=${WATCHER}`,
      '/StatusNotifierWatcher',
      'org.freedesktop.DBus.Properties.Get',
      `string:${WATCHER}`,
      `string:${PROPERTY}`,
    ],
  },
];

/** gdbus prints `(<true>,)`; dbus-send prints `variant boolean true`. Anything else: null. */
export function parseHostReply(stdout: string): boolean | null {
  const text = stdout.trim();
  const gdbus = /^\(<(true|false)>,\)$/.exec(text);
  if (gdbus) return gdbus[1] === 'true';
  const dbusSend = /^variant\s+boolean\s+(true|false)$/.exec(text);
  if (dbusSend) return dbusSend[1] === 'true';
  return null;
}

/** Asks the session bus; never throws. */
export async function queryStatusNotifierHost(
  env: NodeJS.ProcessEnv = process.env,
  run: RunCommand = runCommand,
): Promise<HostAnswer> {
  for (const query of HOST_QUERIES) {
    const result = await run(query.command, query.args, env);
    if (result.missing) continue;
    if (result.code === 0) {
      const registered = parseHostReply(result.stdout);
      if (registered === true)
        return { host: 'registered', detail: `${query.command}: a host is registered` };
      return {
        host: 'none',
        detail: `${query.command}: ${registered === false ? 'the watcher has no host registered' : `unexpected reply ${result.stdout.trim().slice(0, 200)}`}`,
      };
    }
    // No watcher on the bus, no session bus at all, or no answer in time: the tray cannot show.
    return {
      host: 'none',
      detail: `${query.command}: ${result.stderr.trim().slice(0, 300) || `exit ${result.code}`}`,
    };
  }
  return { host: 'unknown', detail: 'neither gdbus nor dbus-send is installed' };
}

function runCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 5000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
    });
  });
}

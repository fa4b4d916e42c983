import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../x11-desktop.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Debian's python3 (python3-gi): a pyenv python on PATH may not have gi. */
const PYTHON = '/usr/bin/python3';

/** What the D-Bus tests need, by Debian package: dbus-daemon, libglib2.0-bin (gdbus), python3-gi. */
export function missingDbusTools(): string[] {
  const missing: string[] = [];
  const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  if (!has('dbus-daemon')) missing.push('dbus-daemon');
  if (!has('gdbus')) missing.push('libglib2.0-bin');
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'from gi.repository import Gio']).status !== 0)
    missing.push('python3-gi');
  return missing;
}

export interface SessionBus {
  address: string;
  /** process.env with this bus as the session bus: give it to children. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** A private session bus (dbus-daemon --session), as a desktop login starts one. */
export async function startSessionBus(): Promise<SessionBus> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const address = await firstLine(daemon, 'dbus-daemon');
  return {
    address,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    stop: () => stopProcess(daemon),
  };
}

/** A tray's StatusNotifierWatcher on that bus, answering IsStatusNotifierHostRegistered with `registered`. */
export async function startStatusNotifierWatcher(
  bus: SessionBus,
  registered: boolean,
): Promise<{ stop(): Promise<void> }> {
  const watcher = spawn(PYTHON, [path.join(here, 'status-notifier-watcher.py'), String(registered)], {
    env: bus.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await firstLine(watcher, 'the StatusNotifierWatcher');
  if (line !== 'ready') throw new Error(`the StatusNotifierWatcher said ${line}`);
  return { stop: () => stopProcess(watcher) };
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, newline).trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}): ${err}`));
    });
  });
}

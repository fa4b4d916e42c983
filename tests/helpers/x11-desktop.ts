import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findExecutable } from '../../src/services/delivery/find-executable.js';

/** Tools a real X11 desktop test needs (Debian: xvfb, xdotool, xclip, x11-utils, xterm). */
export function missingDesktopTools(names = ['Xvfb', 'xdotool', 'xclip', 'xprop', 'xterm']): string[] {
  return names.filter((name) => !findExecutable(name, process.env));
}

export interface XServer {
  display: string;
  /** process.env plus DISPLAY: give it to children only; this process's own env is left alone. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Our own Xvfb on a display number nobody uses (other tests and agents may run theirs). Ready when
 * Xvfb itself writes its display number on -displayfd.
 */
export async function startXvfb(): Promise<XServer> {
  const first = 100 + Math.floor(Math.random() * 300);
  for (let n = first; n < first + 40; n++) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const child = spawn(
      'Xvfb',
      [`:${n}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-displayfd', '3'],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      child.stdio[3]?.once('data', () => resolve(true));
      child.once('exit', () => resolve(false));
      setTimeout(() => resolve(false), 10_000);
    });
    if (!ready) {
      child.kill('SIGKILL');
      if (/server is already active|Cannot establish any listening/.test(log)) continue;
      throw new Error(`Xvfb :${n} did not start: ${log.slice(-500)}`);
    }
    const display = `:${n}`;
    return { display, env: { ...process.env, DISPLAY: display }, stop: () => stopProcess(child) };
  }
  throw new Error('no free X display number found for Xvfb');
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs an X11 tool synchronously in the test's display. */
export function x11(env: NodeJS.ProcessEnv, command: string, args: string[], input?: Buffer | string) {
  const result = spawnSync(command, args, { env, input, timeout: 10_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr?.toString() ?? '' };
}

/** The X11 CLIPBOARD (or PRIMARY) as bytes in one format; null when it is empty (no owner). */
export function readSelection(
  env: NodeJS.ProcessEnv,
  selection: 'clipboard' | 'primary' = 'clipboard',
  target = 'UTF8_STRING',
): Buffer | null {
  const run = x11(env, 'xclip', ['-o', '-selection', selection, '-t', target]);
  return run.code === 0 ? run.stdout : null;
}

export function selectionTargets(env: NodeJS.ProcessEnv, selection: 'clipboard' | 'primary' = 'clipboard') {
  const run = x11(env, 'xclip', ['-o', '-selection', selection, '-t', 'TARGETS']);
  return run.code === 0 ? run.stdout.toString().split('\n').filter(Boolean) : [];
}

/** Sets a selection the way a user's app would (xclip forks and keeps serving it). */
export function writeSelection(
  env: NodeJS.ProcessEnv,
  data: Buffer | string,
  selection: 'clipboard' | 'primary' = 'clipboard',
  target = 'UTF8_STRING',
): void {
  const run = spawnSync('xclip', ['-i', '-selection', selection, '-t', target], {
    env,
    input: data,
    stdio: ['pipe', 'ignore', 'ignore'],
    timeout: 10_000,
  });
  if (run.status !== 0) throw new Error(`xclip could not set the ${selection} selection`);
  // xclip's parent exits once it asked for the selection; its daemon may not have sent that request
  // yet on a loaded machine. Wait until reading gives the new content.
  const expected = Buffer.from(data);
  for (let i = 0; i < 200 && !readSelection(env, selection, target)?.equals(expected); i++) {
    spawnSync('sleep', ['0.01']);
  }
}

/** Makes the selection empty (no owner): own it with a foreground xclip, then end that xclip. */
export async function clearSelection(
  env: NodeJS.ProcessEnv,
  selection: 'clipboard' | 'primary' = 'clipboard',
): Promise<void> {
  const child = spawn('xclip', ['-i', '-selection', selection, '-quiet'], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end('');
  // Owned once reading it gives this xclip's empty text (the previous owner's would not be empty).
  for (let i = 0; i < 200 && readSelection(env, selection)?.length !== 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await stopProcess(child);
  for (let i = 0; i < 200 && readSelection(env, selection) !== null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * An xterm running `cat` into `outFile` byte by byte (non-canonical tty: nothing waits for Enter).
 * cat keeps appending: read what arrived from the file's length before each delivery.
 */
export async function startXtermCat(
  env: NodeJS.ProcessEnv,
  outFile: string,
): Promise<{ windowId: string; stop: () => Promise<void> }> {
  const child = spawn(
    'xterm',
    [
      '-class',
      'XTerm',
      '-geometry',
      '80x10+0+0',
      '-e',
      'sh',
      '-c',
      `stty -icanon -echo min 1; exec cat > '${outFile}'`,
    ],
    { env, stdio: 'ignore' },
  );
  const search = x11(env, 'xdotool', ['search', '--sync', '--onlyvisible', '--class', 'xterm']);
  const windowId = search.stdout.toString().trim().split('\n')[0] ?? '';
  if (search.code !== 0 || !windowId) throw new Error(`xterm window not found: ${search.stderr}`);
  return { windowId, stop: () => stopProcess(child) };
}

/** Gives a window the keyboard focus, as a click would (Xvfb has no window manager). */
export function focusWindow(env: NodeJS.ProcessEnv, windowId: string): void {
  const run = x11(env, 'xdotool', ['windowfocus', '--sync', windowId]);
  if (run.code !== 0) throw new Error(`could not focus window ${windowId}: ${run.stderr}`);
}

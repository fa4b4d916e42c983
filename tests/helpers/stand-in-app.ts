import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './fixtures.js';

/**
 * The app's real main process (dist/src/main/index.js) under plain Node with the Electron stand-in
 * (tests/helpers/electron-stand-in), which records what the shell asks of Electron: no Electron binary
 * can be installed here. What the stand-in reports arrives in `messages`.
 */
export interface StandInMessage {
  standIn: true;
  type: string;
  [key: string]: unknown;
}

export interface StandInApp {
  readonly child: ChildProcess;
  readonly messages: StandInMessage[];
  stderr(): string;
  find(type: string, match?: (m: StandInMessage) => boolean): StandInMessage | undefined;
  waitFor(type: string, match?: (m: StandInMessage) => boolean, timeoutMs?: number): Promise<StandInMessage>;
  command(name: string, args?: Record<string, unknown>): Promise<unknown>;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

const register = path.join(projectRoot, 'tests', 'helpers', 'electron-stand-in', 'register.mjs');
const mainEntry = path.join(projectRoot, 'dist', 'src', 'main', 'index.js');

export function launchStandInApp(env: NodeJS.ProcessEnv, args: readonly string[] = []): StandInApp {
  if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run npm run build:node first`);
  const child = fork(mainEntry, [...args], {
    execArgv: ['--import', register],
    env: { STAND_IN_APP_PATH: projectRoot, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const messages: StandInMessage[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let nextId = 1;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('message', (message: StandInMessage) => {
    if (!message?.standIn) return;
    messages.push(message);
    for (const waiter of [...waiters]) waiter();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const find = (type: string, match: (m: StandInMessage) => boolean = () => true) =>
    messages.find((m) => m.type === type && match(m));
  const waitFor = (type: string, match: (m: StandInMessage) => boolean = () => true, timeoutMs = 30_000) =>
    new Promise<StandInMessage>((resolve, reject) => {
      const check = () => {
        const found = find(type, match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${type} message within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return {
    child,
    messages,
    stderr: () => stderr,
    find,
    waitFor,
    exited,
    async command(name, args = {}) {
      const id = nextId++;
      child.send({ standInCommand: true, id, name, ...args });
      const answer = await waitFor('answer', (m) => m['id'] === id);
      if (answer['error']) throw new Error(String(answer['error']));
      return answer['result'];
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

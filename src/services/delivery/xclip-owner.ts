import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../../shared/errors.js';
import { runTool } from './run-tool.js';

export type X11Selection = 'clipboard' | 'primary';

/**
 * One `xclip -i -loops 0 -verbose` process owning an X11 selection. xclip prints
 * "Waiting for selection request number N" once it owns the selection (N = 1) and again after each
 * request it has fully served (TARGETS queries do not count), so the line count tells exactly when
 * an application has read the data: the consumption signal. (start() reads the selection once
 * itself to confirm the ownership; that read is counted too.) xclip exits by itself when another client
 * takes the selection (SelectionClear): that is how a newer copy by the user shows up.
 */
export class XclipOwner {
  /** Requests fully served so far. */
  served = 0;
  /** performance.now() when each request was served; index 0 is the first. */
  readonly servedAt: number[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private hasExited = false;
  private owning = false;
  private stderrTail = '';
  private listeners = new Set<() => void>();

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.hasExited = true;
        this.notify();
        resolve(code);
      });
      child.on('error', () => {
        this.hasExited = true;
        this.notify();
        resolve(null);
      });
    });
    let pending = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        this.onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
  }

  /** Starts xclip and resolves once it owns the selection. */
  static async start(options: {
    xclip: string;
    selection: X11Selection;
    format: string;
    data: Buffer;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
  }): Promise<XclipOwner> {
    const child = spawn(
      options.xclip,
      ['-i', '-selection', options.selection, '-t', options.format, '-loops', '0', '-verbose'],
      { env: options.env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    const owner = new XclipOwner(child);
    child.stdin?.on('error', () => undefined); // an xclip that failed early; reported below
    child.stdin?.end(options.data);
    const ready =
      (await owner.until(() => owner.owning || owner.hasExited, options.timeoutMs)) &&
      (await owner.confirm(options));
    if (!ready || owner.hasExited) {
      owner.kill();
      throw new AppError('io', `xclip could not take the X11 ${options.selection} selection`, {
        hint: 'Check that DISPLAY points to a running X server and that xclip works in a terminal.',
        detail: owner.stderrTail.trim() || (ready ? 'xclip exited' : 'no answer from xclip in time'),
      });
    }
    return owner;
  }

  /**
   * xclip prints its first line right after asking for the selection, but the request may still sit
   * in its output buffer. Reading the selection until this xclip is the one that answers proves the
   * X server has made it the owner (a read served by the previous owner does not count here).
   */
  private async confirm(options: {
    xclip: string;
    selection: X11Selection;
    format: string;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
  }): Promise<boolean> {
    const deadline = performance.now() + options.timeoutMs;
    while (this.served === 0 && !this.hasExited && performance.now() < deadline) {
      await runTool(options.xclip, ['-o', '-selection', options.selection, '-t', options.format], {
        env: options.env,
        timeoutMs: options.timeoutMs,
      });
      if (this.served === 0) await this.until(() => this.served > 0 || this.hasExited, 5);
    }
    return this.served > 0;
  }

  get alive(): boolean {
    return !this.hasExited;
  }

  /** Resolves true when `condition` holds, false after `timeoutMs`. Re-checked on every xclip event. */
  until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        done(true);
      };
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.listeners.add(check);
    });
  }

  kill(): void {
    if (!this.hasExited) this.child.kill('SIGTERM');
  }

  private onLine(line: string): void {
    const match = /Waiting for selection request number (\d+)/.exec(line);
    if (match) {
      this.owning = true;
      this.served = Number(match[1]) - 1;
      while (this.servedAt.length < this.served) this.servedAt.push(performance.now());
    } else {
      this.stderrTail = (this.stderrTail + line + '\n').slice(-2000);
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

import { spawn } from 'node:child_process';

export interface ToolRun {
  /** Exit code; null when the tool could not start, was killed or timed out. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  /** Set when the tool could not be started at all (not found, not executable). */
  spawnError: string | null;
  ms: number;
}

export interface ToolOptions {
  env: NodeJS.ProcessEnv;
  input?: Buffer | string;
  timeoutMs: number;
  /**
   * Resolve when the tool itself exits, without waiting for its output pipes to close. Needed for
   * tools that fork a daemon which inherits the pipes (xclip, wl-copy keep serving the clipboard).
   */
  resolveOnExit?: boolean;
}

/** Runs a desktop tool (xclip, xdotool, osascript...) with a time limit; never throws. */
export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env,
      stdio: ['pipe', options.resolveOnExit ? 'ignore' : 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null, spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (options.resolveOnExit) child.stderr?.destroy();
      resolve({
        code,
        stdout: Buffer.concat(out),
        stderr: err.trim(),
        timedOut,
        spawnError,
        ms: performance.now() - started,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      finish(null, null);
    }, options.timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 8000) err += chunk.toString('utf8');
    });
    child.on('error', (error) => finish(null, error.message));
    // A daemon forked by a successful run keeps the pipes open: its parent's exit is the answer.
    // A failed run forks nothing, so wait for 'close' and get its whole error message.
    child.on('exit', (code) => {
      if (options.resolveOnExit && code === 0) finish(code, null);
    });
    child.on('close', (code) => finish(code, null));
    // A tool that exits without reading its input must not crash us with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** One line for logs and error messages: what ran and how it ended. */
export function describeRun(command: string, run: ToolRun): string {
  if (run.spawnError) return `${command} could not start: ${run.spawnError}`;
  if (run.timedOut) return `${command} did not finish in time`;
  return `${command} exited with code ${run.code}${run.stderr ? `: ${run.stderr.slice(0, 300)}` : ''}`;
}

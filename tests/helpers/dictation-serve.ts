import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from './fixtures.js';

export interface RunningDictationServe {
  baseUrl: string;
  port: number;
  model: string;
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash or a pulled cable would. */
  kill(): Promise<void>;
}

/**
 * `dictation serve` from dist/ (run `npm run build` first) as a real child process; resolves once it
 * prints where it listens. Rejects with its output when it exits first.
 */
export function startDictationServe(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  readyTimeoutMs = 60_000,
): Promise<RunningDictationServe> {
  const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'index.js');
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dictation serve was not ready within ${readyTimeoutMs} ms\n${output}`));
    }, readyTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dictation serve exited (${code}) before it was ready\n${output}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      let parsed: { event?: string; baseUrl?: string; port?: number; model?: string };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.event !== 'serving') return;
      clearTimeout(timer);
      resolve({
        baseUrl: parsed.baseUrl as string,
        port: parsed.port as number,
        model: parsed.model as string,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** Runs `dictation serve` expecting it to refuse to start; resolves with its exit code and stderr. */
export function serveRefuses(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'index.js');
  const child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

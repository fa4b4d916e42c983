import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Runs a command whose child processes might allocate without bound (a model file that makes a
 * native loader grow forever) and stops the whole process tree when it passes a memory cap or a
 * time limit, so a failing test cannot take the machine down. Linux /proc only.
 */

export interface GuardedResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why the run was stopped, when it was. */
  killed: 'memory' | 'timeout' | null;
  /** The largest resident memory of the tree seen while it ran. */
  peakRssBytes: number;
  wallMs: number;
}

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while the table was read
      continue;
    }
  }
  return children;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pids of `root` and everything below it. */
export function processTree(root: number): number[] {
  const children = childrenOf();
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

export function treeRss(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssOf(pid), 0);
}

export function guardedRun(
  command: string,
  args: string[],
  { maxRssBytes, timeoutMs, env }: { maxRssBytes: number; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<GuardedResult> {
  const started = performance.now();
  const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed: GuardedResult['killed'] = null;
  let peakRssBytes = 0;
  const stop = (reason: 'memory' | 'timeout') => {
    if (killed) return;
    killed = reason;
    for (const pid of processTree(child.pid ?? -1).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
        continue;
      }
    }
  };
  const watch = setInterval(() => {
    if (child.pid === undefined) return;
    const rss = treeRss(child.pid);
    peakRssBytes = Math.max(peakRssBytes, rss);
    if (rss > maxRssBytes) stop('memory');
    else if (performance.now() - started > timeoutMs) stop('timeout');
  }, 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, stdout, stderr, killed, peakRssBytes, wallMs: performance.now() - started });
    });
  });
}

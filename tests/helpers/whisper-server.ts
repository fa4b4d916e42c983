import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { buildNativeWhisperTool } from './native-whisper-build.js';

/** The OpenAI-compatible route, as remote engines call it: POST {base}/audio/transcriptions. */
export const INFERENCE_PATH = '/v1/audio/transcriptions';

export interface RunningWhisperServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The OpenAI-style base URL: {origin}/v1 */
  baseUrl: string;
  port: number;
  /** The last of what the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface WhisperServerOptions {
  model: string;
  threads?: number;
  /** Pin the server to this CPU (taskset), so two servers on one machine do not share a core. */
  cpu?: number;
  /** How long loading the model may take. */
  readyTimeoutMs?: number;
}

/** A free loopback port (asked of the OS, then released for the server to take). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * whisper.cpp's own `whisper-server` (built once from the vendored source) with `model`, on a free
 * loopback port, answering POST {origin}/v1/audio/transcriptions; resolves once /health says it is
 * ready. stop() ends it (SIGTERM, then SIGKILL).
 */
export async function startWhisperServer(options: WhisperServerOptions): Promise<RunningWhisperServer> {
  const binary = buildNativeWhisperTool('whisper-server');
  const port = await freeLoopbackPort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '-m', options.model];
  args.push('-t', String(options.threads ?? 2), '--inference-path', INFERENCE_PATH);
  const child =
    options.cpu === undefined
      ? spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('taskset', ['-c', String(options.cpu), binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningWhisperServer = {
    origin,
    baseUrl: `${origin}/v1`,
    port,
    output: () => output,
    stop: () => stopChild(child, exited),
  };
  try {
    await waitUntilReady(origin, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`, { cause: error });
  }
  return server;
}

async function waitUntilReady(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`whisper-server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    const health = await fetch(`${origin}/health`).catch(() => null);
    if (health?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`whisper-server was not ready within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { AppError } from '../../src/shared/errors.js';
import { cliEntry, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

/**
 * A full disk, for real: a 1 MiB tmpfs mounted as the models folder (needs root; skipped with a
 * message otherwise). The fallback, which runs everywhere, is a child process whose file size limit
 * is 1 MiB (ulimit -f): the write then fails with EFBIG instead of ENOSPC.
 */
const temp = makeTempDir('dictation-models-disk-');
const mountPoint = path.join(temp.dir, 'tiny-disk');
const payload = randomBytes(2 * 1024 * 1024);
let server: ModelServer;
let mode: 'tmpfs' | 'ulimit' = 'ulimit';

beforeAll(async () => {
  mkdirSync(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mode = 'tmpfs';
  } catch (error) {
    console.warn(
      `models-disk-full: cannot mount a tmpfs (${(error as Error).message.split('\n')[0]}); using ulimit -f`,
    );
  }
  server = await startModelServer({
    '/sized/ggml-big.bin': { body: payload },
    '/unsized/ggml-big.bin': { body: payload, behaviour: () => ({ kind: 'no-length' }) },
  });
});

afterAll(async () => {
  await server?.close();
  if (mode === 'tmpfs') execFileSync('umount', [mountPoint]);
  temp.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('a download onto a full disk', () => {
  it('is refused before it starts when the server says it will not fit (tmpfs)', async (context) => {
    if (mode !== 'tmpfs') context.skip(true, 'needs a mounted 1 MiB tmpfs (root)');
    const manager = new ModelManager({ modelsDir: path.join(mountPoint, 'early'), env: {} });
    const error = await failure(manager.download({ source: server.url('/sized/ggml-big.bin') }).result);
    expect(error.kind).toBe('disk_full');
    expect(error.message).toMatch(
      /^Not enough free disk space for ggml-big\.bin in .*: it needs 2\.\d MB, only 1\.0 MB is free$/,
    );
    expect(error.hint).toMatch(/smaller model/);
    expect(readdirSync(manager.modelsDir)).toEqual([]);
  });

  it('reports a disk that fills up mid-download clearly, and keeps what it got for a resume (tmpfs)', async (context) => {
    if (mode !== 'tmpfs') context.skip(true, 'needs a mounted 1 MiB tmpfs (root)');
    const manager = new ModelManager({
      modelsDir: path.join(mountPoint, 'late'),
      env: {},
      retry: { baseDelayMs: 10 },
    });
    // No Content-Length: nothing tells the manager the size in advance, so the write itself fails.
    const error = await failure(manager.download({ source: server.url('/unsized/ggml-big.bin') }).result);
    expect(error.kind).toBe('disk_full');
    expect(error.message).toMatch(
      /^The disk holding .*late is full: ggml-big\.bin stopped at \d+(\.\d)? (KB|MB)$/,
    );
    expect(error.hint).toBe('Free some disk space and run the download again; it resumes where it stopped.');
    const partial = statSync(path.join(manager.modelsDir, 'ggml-big.bin.partial')).size;
    expect(partial).toBeGreaterThan(500_000);
    expect(partial).toBeLessThanOrEqual(1024 * 1024);
  });

  it('reports a file size limit (ulimit -f, the fallback where no tmpfs can be mounted) the same way', async () => {
    const dataDir = path.join(temp.dir, 'limited');
    // Asynchronous: the server runs in this process and must keep answering while the child runs.
    const result = await run(
      'bash',
      [
        '-c',
        'ulimit -f 1024 && exec "$0" "$@"',
        process.execPath,
        cliEntry,
        'models',
        'download',
        server.url('/unsized/ggml-big.bin'),
      ],
      { ...process.env, DICTATION_DATA_DIR: dataDir },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('dictation:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/file size limit of this process was reached: ggml-big\.bin stopped at .*EFBIG/);
  });
});

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../src/services/models/catalog.js';
import { ModelManager, type ModelManagerOptions } from '../../src/services/models/model-manager.js';
import { AppError } from '../../src/shared/errors.js';
import type { CatalogEntry, ModelEvent } from '../../src/shared/models.js';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import { startModelServer, startRawServer, type ModelServer, type Route } from '../helpers/model-server.js';

/**
 * The download path read as an attacker on the network (a hostile mirror) would: redirects that
 * loop or leave http(s), bodies longer than announced or than the catalog's size, compressed bodies,
 * huge or dripping headers, a body that drips forever. Each answer is one clear, permanent error
 * (or a bounded number of attempts), never an endless download or a file larger than expected.
 */
const model = readFileSync(fixtures.vocabOnlyModel);
const sha256 = createHash('sha256').update(model).digest('hex');
const FILE = 'ggml-tiny.en-vocab-only.bin';
const fixtureEntry: CatalogEntry = {
  ...findCatalogEntry('tiny.en')!,
  name: 'tiny.en-vocab-only',
  file: FILE,
  sizeBytes: model.length,
  sha256,
  note: 'test fixture',
};

const temp = makeTempDir('dictation-models-hostile-');
let server: ModelServer;

beforeAll(async () => {
  const route = (behaviour: Route['behaviour'], body = model): Route => ({ body, behaviour });
  const chain: Record<string, Route> = {};
  for (let i = 0; i < 12; i++) {
    chain[`/chain-${i}/${FILE}`] = route(() => ({ kind: 'redirect', location: `/chain-${i + 1}/${FILE}` }));
  }
  server = await startModelServer({
    ...chain,
    [`/ok/${FILE}`]: route(undefined),
    [`/loop-a/${FILE}`]: route(() => ({ kind: 'redirect', location: `/loop-b/${FILE}` })),
    [`/loop-b/${FILE}`]: route(() => ({ kind: 'redirect', location: `/loop-a/${FILE}`, status: 307 })),
    [`/to-file/${FILE}`]: route(() => ({ kind: 'redirect', location: 'file:///etc/passwd' })),
    [`/hop/${FILE}`]: route(() => ({ kind: 'redirect', location: `/ok/${FILE}`, status: 301 })),
    [`/endless/${FILE}`]: route(() => ({ kind: 'no-length' }), randomBytes(3 * 1024 * 1024)),
    [`/gzip-bomb/${FILE}`]: route(() => ({ kind: 'gzip' }), Buffer.alloc(32 * 1024 * 1024)),
    [`/overlong/${FILE}`]: route(() => ({ kind: 'no-length', extraBytes: 256 * 1024 })),
    [`/drip/${FILE}`]: route(() => ({ kind: 'throttle', chunkBytes: 1, intervalMs: 20 })),
    [`/crumbs/${FILE}`]: route(() => ({ kind: 'stall-after', bytes: 2048 })),
    [`/long-etag/${FILE}`]: {
      body: model,
      etag: `"${'e'.repeat(2000)}"`,
      behaviour: (n) => (n === 0 ? { kind: 'drop', at: Math.floor(model.length / 2) } : undefined),
    },
  });
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

let dirCount = 0;
function manager(options: Partial<ModelManagerOptions> = {}): {
  manager: ModelManager;
  events: ModelEvent[];
} {
  const created = new ModelManager({
    modelsDir: path.join(temp.dir, `models-${++dirCount}`),
    catalog: [fixtureEntry],
    env: {},
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    stallTimeoutMs: 300,
    progressIntervalMs: 0,
    ...options,
  });
  const events: ModelEvent[] = [];
  created.onEvent((event) => events.push(event));
  return { manager: created, events };
}

async function failure(promise: Promise<unknown>, withinMs = 15_000): Promise<AppError> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the download did not end within ${withinMs} ms`)), withinMs);
  });
  const error = await Promise.race([
    promise.then(
      () => null,
      (e: unknown) => e,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function requestsTo(prefix: string): number {
  return server.requests.filter((r) => r.path.startsWith(`/${prefix}`)).length;
}

function leftovers(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('redirects', () => {
  it('follows an ordinary redirect', async () => {
    const { manager: m } = manager();
    const result = await m.download({ source: server.url(`/hop/${FILE}`), sha256 }).result;
    expect(result.status).toBe('completed');
  });

  it('stops a redirect loop at once, without retrying it', async () => {
    const { manager: m } = manager();
    const error = await failure(m.download({ source: server.url(`/loop-a/${FILE}`) }).result);
    expect(error.kind).toBe('download_failed');
    expect(error.message).toMatch(/the server redirects in a loop \(.*loop-a.* -> .*loop-b.* -> .*loop-a/);
    expect(requestsTo('loop-')).toBe(2);
    expect(leftovers(m.modelsDir)).toEqual([]);
  });

  it('gives up after 10 redirects', async () => {
    const { manager: m } = manager();
    const error = await failure(m.download({ source: server.url(`/chain-0/${FILE}`) }).result);
    expect(error.message).toMatch(/the server redirected more than 10 times \(last to .*chain-11/);
    expect(requestsTo('chain-')).toBe(11);
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    const { manager: m } = manager();
    const error = await failure(m.download({ source: server.url(`/to-file/${FILE}`) }).result);
    expect(error.kind).toBe('download_failed');
    expect(error.message).toMatch(
      /the server redirected to file: \(file:\/\/\/etc\/passwd\); only http and https downloads are allowed/,
    );
    expect(requestsTo('to-file')).toBe(1);
  });
});

describe('bodies larger than they may be', () => {
  it('caps a download of unknown size and never writes past the cap', async () => {
    const { manager: m } = manager({ maxDownloadBytes: 1024 * 1024 });
    const error = await failure(m.download({ source: server.url(`/endless/${FILE}`) }).result);
    expect(error.kind).toBe('verification_failed');
    expect(error.message).toMatch(/the server sent more than 1\.0 MB, more than any whisper\.cpp model/);
    expect(leftovers(m.modelsDir)).toEqual([]);
  });

  it('refuses a Content-Length above the cap before writing anything', async () => {
    const { manager: m } = manager({ maxDownloadBytes: 100_000 });
    const error = await failure(m.download({ source: server.url(`/ok/${FILE}`) }).result);
    expect(error.message).toMatch(
      /the server offers 587 KB, more than the 100 KB of the largest whisper\.cpp model/,
    );
    expect(requestsTo('ok')).toBeGreaterThan(0);
    expect(leftovers(m.modelsDir)).toEqual([]);
  });

  it('refuses a compressed body it did not ask for (a gzip bomb is never inflated)', async () => {
    const { manager: m } = manager({ stallTimeoutMs: 10_000 });
    const error = await failure(m.download({ source: server.url(`/gzip-bomb/${FILE}`) }).result);
    expect(error.kind).toBe('download_failed');
    expect(error.message).toMatch(/the server sent the file encoded \(Content-Encoding: gzip\)/);
    expect(requestsTo('gzip-bomb')).toBe(1);
    expect(leftovers(m.modelsDir)).toEqual([]);
  });

  it('never writes past the catalog size when a body without a length runs on (ulimit -f shows it)', async () => {
    // The child may write at most the model's size rounded up to 1 KiB: a single byte past the
    // catalog size that reached the disk would end in EFBIG ("file size limit") instead.
    const blocks = Math.ceil(model.length / 1024);
    const config = {
      downloads: [{ source: fixtureEntry.name, mirror: server.url('/overlong') }],
      catalog: [fixtureEntry],
      dir: path.join(temp.dir, 'limited'),
    };
    const childEntry = path.join(projectRoot, 'dist', 'tests', 'helpers', 'download-child.js');
    const lines = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', [
        '-c',
        `ulimit -f ${blocks} && exec "$0" "$@"`,
        process.execPath,
        childEntry,
        JSON.stringify(config),
      ]);
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.on('error', reject);
      child.on('close', () => resolve(stdout));
    });
    const result = JSON.parse(lines.trim()) as { status: string; error?: { kind: string; message: string } };
    expect(result.status).toBe('failed');
    expect(result.error?.kind).toBe('verification_failed');
    expect(result.error?.message).toMatch(/the server sent more than the expected \d+ bytes/);
  });

  it('reads no further than Content-Length when the server sends more', async () => {
    const raw = await startRawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${model.length}\r\nConnection: close\r\n\r\n`);
      socket.end(Buffer.concat([model, randomBytes(256 * 1024)]));
    });
    try {
      const { manager: m } = manager();
      const result = await m.download({ source: raw.url(`/${FILE}`), sha256 }).result;
      expect(result).toMatchObject({ status: 'completed', verified: { size: true, sha256: true } });
      if (result.status === 'completed') expect(readFileSync(result.model.path).equals(model)).toBe(true);
    } finally {
      await raw.close();
    }
  });
});

describe('slow and oversized answers', () => {
  it('treats a body that drips a byte at a time as a stall, not as a download', async () => {
    const { manager: m } = manager({ retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const started = Date.now();
    const handle = m.download({ source: server.url(`/drip/${FILE}`) });
    const error = await failure(handle.result, 10_000).finally(() => handle.cancel());
    expect(error.kind).toBe('download_timeout');
    expect(error.message).toMatch(
      /only \d+ B arrived in 0\.3 s \(the server sends too slowly\) \(2 attempts/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not retry forever when every attempt brings a few bytes and then stalls', async () => {
    const { manager: m } = manager();
    const error = await failure(m.download({ source: server.url(`/crumbs/${FILE}`) }).result, 20_000);
    expect(error.kind).toBe('download_timeout');
    expect(error.message).toMatch(/no data for 0\.3 s \(3 attempts; 6\.1 KB downloaded so far\)/);
    expect(requestsTo('crumbs')).toBe(3);
  });

  it('refuses response headers larger than 32 KB at once', async () => {
    const raw = await startRawServer((socket) => {
      socket.end(`HTTP/1.1 200 OK\r\nX-Padding: ${'a'.repeat(100 * 1024)}\r\nContent-Length: 1\r\n\r\nx`);
    });
    try {
      const { manager: m } = manager();
      const error = await failure(m.download({ source: raw.url(`/${FILE}`) }).result);
      expect(error.kind).toBe('download_failed');
      expect(error.message).toMatch(/the server sent response headers larger than 32 KB/);
      expect(raw.connections()).toBe(1);
    } finally {
      await raw.close();
    }
  });

  it('times out headers that drip forever', async () => {
    const raw = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const timer = setInterval(() => socket.write('X-Drip: 1\r\n'), 20);
      socket.on('close', () => clearInterval(timer));
    });
    try {
      const { manager: m } = manager({ retry: { maxAttempts: 2, baseDelayMs: 10 } });
      const error = await failure(m.download({ source: raw.url(`/${FILE}`) }).result);
      expect(error.kind).toBe('download_timeout');
      expect(error.message).toMatch(/no response for 0\.3 s \(2 attempts/);
    } finally {
      await raw.close();
    }
  });

  it('keeps no ETag it could not send back in good form, and still resumes', async () => {
    const { manager: m } = manager({ stallTimeoutMs: 5000 });
    const result = await m.download({ source: server.url(`/long-etag/${FILE}`), sha256 }).result;
    expect(result.status).toBe('completed');
    const resumes = server.requests.filter((r) => r.path === `/long-etag/${FILE}` && r.range);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]!.ifRange).toBeUndefined();
  });
});

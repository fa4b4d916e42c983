import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../src/services/models/catalog.js';
import { ModelManager, type ModelManagerOptions } from '../../src/services/models/model-manager.js';
import { AppError } from '../../src/shared/errors.js';
import type { CatalogEntry, ModelEvent } from '../../src/shared/models.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const model = readFileSync(fixtures.vocabOnlyModel);
const sha256 = createHash('sha256').update(model).digest('hex');
const FILE = 'ggml-tiny.en-vocab-only.bin';
const half = Math.floor(model.length / 2);

/** A catalog entry for the fixture, so catalog + mirror downloads run against the local server. */
const fixtureEntry: CatalogEntry = {
  ...findCatalogEntry('tiny.en')!,
  name: 'tiny.en-vocab-only',
  file: FILE,
  sizeBytes: model.length,
  sha256,
  note: 'test fixture',
};

const temp = makeTempDir('dictation-models-download-');
let server: ModelServer;

beforeAll(async () => {
  const route = (behaviour?: Parameters<typeof startModelServer>[0][string]['behaviour']) => ({
    body: model,
    ...(behaviour ? { behaviour } : {}),
  });
  server = await startModelServer({
    [`/ok/${FILE}`]: route(),
    [`/drop/${FILE}`]: route((i) => (i === 0 ? { kind: 'drop', at: half } : undefined)),
    [`/drop-then-full/${FILE}`]: route((i) =>
      i === 0 ? { kind: 'drop', at: half } : { kind: 'ignore-range' },
    ),
    [`/flaky/${FILE}`]: route((i) => (i === 0 ? { kind: 'status', status: 503 } : undefined)),
    [`/forbidden/${FILE}`]: route(() => ({ kind: 'status', status: 403 })),
    [`/hang/${FILE}`]: route(() => ({ kind: 'hang' })),
    [`/stall/${FILE}`]: route(() => ({ kind: 'stall', at: 4096 })),
    [`/slow/${FILE}`]: route(() => ({ kind: 'throttle', chunkBytes: 16 * 1024, intervalMs: 25 })),
    [`/killed/${FILE}`]: route((i) => (i === 0 ? { kind: 'stall', at: half } : undefined)),
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
  const modelsDir = path.join(temp.dir, `models-${++dirCount}`);
  const created = new ModelManager({
    modelsDir,
    catalog: [fixtureEntry],
    env: {},
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
    stallTimeoutMs: 5000,
    progressIntervalMs: 0,
    ...options,
  });
  const events: ModelEvent[] = [];
  created.onEvent((event) => events.push(event));
  return { manager: created, events };
}

function requestsTo(route: string) {
  return server.requests.filter((r) => r.path === `/${route}/${FILE}`);
}

function leftovers(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('.partial')) : [];
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('model downloads from a local HTTP server', () => {
  it('downloads a catalog model from the mirror, verifies size and SHA-256, and moves it into place', async () => {
    const { manager: m, events } = manager();
    const handle = m.download({ source: 'tiny.en-vocab-only', mirror: server.url('/ok') });
    expect(handle.url).toBe(server.url(`/ok/${FILE}`));
    const result = await handle.result;
    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    expect(result.verified).toEqual({ size: true, sha256: true });
    expect(readFileSync(result.model.path).equals(model)).toBe(true);
    expect(leftovers(m.modelsDir)).toEqual([]);
    expect((await m.list()).map((x) => x.name)).toEqual(['tiny.en-vocab-only']);
    const states = events.flatMap((e) => (e.type === 'download_progress' ? [e.progress.state] : []));
    expect(states[0]).toBe('starting');
    expect(states).toContain('downloading');
    expect(states.slice(-2)).toEqual(['verifying', 'completed']);
    const last = events.findLast((e) => e.type === 'download_progress');
    expect(last?.type === 'download_progress' && last.progress.percent).toBe(100);
    expect(events.at(-1)?.type).toBe('download_completed');
  });

  it('takes the mirror from DICTATION_MODEL_MIRROR', async () => {
    const { manager: m } = manager({ env: { DICTATION_MODEL_MIRROR: server.url('/ok/') } });
    const handle = m.download({ source: 'tiny.en-vocab-only' });
    expect(handle.url).toBe(server.url(`/ok/${FILE}`));
    expect((await handle.result).status).toBe('completed');
  });

  it('resumes with a Range request from where the server dropped the connection', async () => {
    const { manager: m, events } = manager();
    const result = await m.download({ source: server.url(`/drop/${FILE}`), sha256 }).result;
    expect(result.status).toBe('completed');
    const requests = requestsTo('drop');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.range).toBeUndefined();
    // The second request asks for exactly the bytes after those on disk when the connection dropped
    // (the server sent `half`; the client may have lost a few in flight when the socket was reset).
    const kept = bytesWhenRetrying(events);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(half);
    expect(requests[1]!.range).toBe(`bytes=${kept}-`);
    expect(requests[1]!.ifRange).toMatch(/^"[0-9a-f]{64}"$/);
    const retry = events.find((e) => e.type === 'download_retrying');
    expect(retry?.type === 'download_retrying' && retry.reason).toMatch(/connection/);
    if (result.status === 'completed') {
      expect(result.verified.sha256).toBe(true);
      expect(readFileSync(result.model.path).equals(model)).toBe(true);
    }
  });

  it('starts over from byte 0 when the server ignores Range, and still verifies', async () => {
    const { manager: m, events } = manager();
    const result = await m.download({ source: server.url(`/drop-then-full/${FILE}`), sha256 }).result;
    expect(result.status).toBe('completed');
    expect(requestsTo('drop-then-full')[1]!.range).toBe(`bytes=${bytesWhenRetrying(events)}-`);
    if (result.status === 'completed') expect(readFileSync(result.model.path).equals(model)).toBe(true);
  });

  it('retries a 503 with backoff', async () => {
    const { manager: m, events } = manager();
    const result = await m.download({ source: server.url(`/flaky/${FILE}`) }).result;
    expect(result.status).toBe('completed');
    const retry = events.find((e) => e.type === 'download_retrying');
    expect(retry?.type === 'download_retrying' && retry.reason).toMatch(/HTTP 503/);
    expect(requestsTo('flaky')).toHaveLength(2);
  });

  it('rejects a wrong checksum and deletes what it downloaded', async () => {
    const { manager: m, events } = manager();
    const wrong = 'ab'.repeat(32);
    const error = await failure(m.download({ source: server.url(`/ok/${FILE}`), sha256: wrong }).result);
    expect(error.kind).toBe('verification_failed');
    expect(error.message).toContain(`its SHA-256 is ${sha256}, expected ${wrong}`);
    expect(error.message).toMatch(/The downloaded file was deleted/);
    expect(readdirSync(m.modelsDir)).toEqual([]);
    expect(events.at(-1)?.type).toBe('download_failed');
  });

  it('fails at once on 404 and 403, with the status in the message', async () => {
    const { manager: m } = manager();
    const missing = await failure(m.download({ source: server.url(`/nowhere/${FILE}`) }).result);
    expect(missing.kind).toBe('download_failed');
    expect(missing.message).toBe(`${FILE} was not found at ${server.url(`/nowhere/${FILE}`)} (HTTP 404)`);
    expect(requestsTo('nowhere')).toHaveLength(1);
    const forbidden = await failure(m.download({ source: server.url(`/forbidden/${FILE}`) }).result);
    expect(forbidden.message).toMatch(/refused the download .*HTTP 403/);
    expect(requestsTo('forbidden')).toHaveLength(1);
    expect(leftovers(m.modelsDir)).toEqual([]);
  });

  it('times out on a server that never answers, and on one that stops sending', async () => {
    const { manager: m } = manager({ stallTimeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const silent = await failure(m.download({ source: server.url(`/hang/${FILE}`) }).result);
    expect(silent.kind).toBe('download_timeout');
    expect(silent.message).toMatch(/timed out: no response for 0\.3 s \(2 attempts; 0 B downloaded so far\)/);
    expect(silent.hint).toMatch(/resumes/);
    expect(requestsTo('hang')).toHaveLength(2);

    const stalled = await failure(m.download({ source: server.url(`/stall/${FILE}`) }).result);
    expect(stalled.kind).toBe('download_timeout');
    expect(stalled.message).toMatch(/no data for 0\.3 s \(2 attempts; 4\.1 KB downloaded so far\)/);
    // The partial download stays, so running the download again resumes it.
    expect(statSync(path.join(m.modelsDir, `${FILE}.partial`)).size).toBe(4096);
  });

  it('pauses (keeping the partial file), resumes from it, and cancel deletes it', async () => {
    const { manager: m, events } = manager();
    const handle = m.download({ source: server.url(`/slow/${FILE}`), sha256 });
    await until(() => handle.progress().bytes >= 100_000);
    expect(handle.pause()).toBe(true);
    const paused = await handle.result;
    expect(paused.status).toBe('paused');
    const partial = path.join(m.modelsDir, `${FILE}.partial`);
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThanOrEqual(100_000);
    expect(kept).toBeLessThan(model.length);
    const waiting = await m.downloads();
    expect(waiting).toMatchObject([
      { downloadId: FILE, state: 'paused', bytes: kept, totalBytes: model.length },
    ]);
    expect(events.some((e) => e.type === 'download_paused')).toBe(true);

    const before = requestsTo('slow').length;
    const resumed = await (await m.resume(FILE)).result;
    expect(resumed.status).toBe('completed');
    expect(requestsTo('slow')[before]!.range).toBe(`bytes=${kept}-`);
    if (resumed.status === 'completed') {
      expect(resumed.verified.sha256).toBe(true);
      expect(readFileSync(resumed.model.path).equals(model)).toBe(true);
    }

    const { manager: other } = manager();
    const second = other.download({ source: server.url(`/slow/${FILE}`) });
    await until(() => second.progress().bytes > 50_000);
    expect(second.cancel()).toBe(true);
    expect(await second.result).toEqual({ status: 'cancelled' });
    expect(readdirSync(other.modelsDir)).toEqual([]);
  });

  it('lists an installed file that does not match its catalog SHA-256 as damaged, refuses to call it installed, and replaces it on request', async () => {
    const { manager: m, events } = manager();
    // The fixture with one byte of its vocabulary changed: still a valid header, the catalog's size.
    const altered = Buffer.from(model);
    altered[altered.length - 10]! ^= 0xff;
    mkdirSync(m.modelsDir, { recursive: true });
    writeFileSync(path.join(m.modelsDir, FILE), altered);
    const alteredSha = createHash('sha256').update(altered).digest('hex');

    const listed = await m.handle({ type: 'list', timestamp: Date.now() });
    expect(listed.type === 'models_listed' && listed.installed).toEqual([
      expect.objectContaining({
        file: FILE,
        damaged: `its SHA-256 is ${alteredSha}, tiny.en-vocab-only's is ${sha256}`,
      }),
    ]);

    // The window starts downloads through handle(); the refusal arrives as a download_failed event.
    await m.handle({
      type: 'download',
      timestamp: Date.now(),
      request: { source: 'tiny.en-vocab-only', mirror: server.url('/ok') },
    });
    await until(() => events.some((e) => e.type === 'download_failed'));
    const failed = events.find((e) => e.type === 'download_failed');
    expect(failed?.type === 'download_failed' && failed.error).toMatchObject({
      kind: 'model_exists',
      message: `${FILE} is already installed but is not the file asked for: its SHA-256 is ${alteredSha}, expected ${sha256}`,
    });
    expect(readFileSync(path.join(m.modelsDir, FILE)).equals(altered)).toBe(true);

    const replaced = await m.download({
      source: 'tiny.en-vocab-only',
      mirror: server.url('/ok'),
      force: true,
    }).result;
    expect(replaced).toMatchObject({ status: 'completed', verified: { size: true, sha256: true } });
    expect(readFileSync(path.join(m.modelsDir, FILE)).equals(model)).toBe(true);
    const [installed] = await m.list();
    expect(installed?.damaged).toBeUndefined();
    // Known good now, without hashing again: the download recorded the SHA-256 it computed.
    expect(
      JSON.parse(readFileSync(path.join(m.modelsDir, 'model-checksums.json'), 'utf8')).files[FILE].sha256,
    ).toBe(sha256);
    const again = await m.download({ source: 'tiny.en-vocab-only', mirror: server.url('/ok') }).result;
    expect(again).toMatchObject({ status: 'already_installed', verified: { size: true, sha256: true } });
  });

  it('resumes after the downloading process was killed (a new manager picks up the partial file)', async () => {
    const dataDir = path.join(temp.dir, 'killed-data');
    const url = server.url(`/killed/${FILE}`);
    const child = spawn(process.execPath, [cliEntry, 'models', 'download', url, '--sha256', sha256], {
      env: { ...process.env, DICTATION_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const partial = path.join(dataDir, 'models', `${FILE}.partial`);
    await until(() => existsSync(partial) && statSync(partial).size === half, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(`${partial}.json`)).toBe(true);

    // No --sha256 this time: the checksum recorded by the killed process is used.
    const resumed = new ModelManager({ modelsDir: path.join(dataDir, 'models'), env: {} });
    const result = await resumed.download({ source: url }).result;
    expect(result.status).toBe('completed');
    expect(requestsTo('killed').map((r) => r.range)).toEqual([undefined, `bytes=${half}-`]);
    if (result.status === 'completed') {
      expect(result.verified).toEqual({ size: true, sha256: true });
      expect(readFileSync(result.model.path).equals(model)).toBe(true);
    }
  });
});

function bytesWhenRetrying(events: ModelEvent[]): number {
  const retrying = events.find((e) => e.type === 'download_progress' && e.progress.state === 'retrying');
  if (retrying?.type !== 'download_progress') throw new Error('no retry happened');
  return retrying.progress.bytes;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer, type Route } from '../helpers/model-server.js';

/**
 * undici's issue #5360: when the peer closes a `Connection: close` response while the body is paused
 * under back-pressure, the fetch inside Node (undici 7.30 in Node 24.22) throws an uncatchable
 * AssertionError from the socket's 'end' handler and the process dies. The downloads run in a child
 * process (dist/tests/helpers/download-child.js) with a slow consumer, so a crash is counted rather
 * than taking the test runner down.
 */
const childEntry = path.join(projectRoot, 'dist', 'tests', 'helpers', 'download-child.js');
const model = readFileSync(fixtures.vocabOnlyModel);
const sha256 = createHash('sha256').update(model).digest('hex');
const FILE = 'ggml-tiny.en-vocab-only.bin';
const ITERATIONS = 50;
const cutAt = Math.floor(model.length * 0.4);

const temp = makeTempDir('dictation-models-backpressure-');
let server: ModelServer;

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  for (let i = 0; i < ITERATIONS; i++) {
    // The first request of each path is cut at 40 % with a FIN; the resume gets the rest.
    routes[`/cut-${i}/${FILE}`] = {
      body: model,
      behaviour: (n) => (n === 0 ? { kind: 'close', at: cutAt } : undefined),
    };
  }
  server = await startModelServer(routes);
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

interface ChildLine {
  source: string;
  status: string;
  verified?: { size: boolean; sha256: boolean };
  error?: { kind: string; message: string };
}

function runChild(urls: string[]): Promise<{ lines: ChildLine[]; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const config = { downloads: urls.map((source) => ({ source, sha256 })), dir: temp.dir, slowMs: 2 };
    const child = spawn(process.execPath, [childEntry, JSON.stringify(config)], {
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ChildLine);
      resolve({ lines, code, stderr });
    });
  });
}

describe('a server that closes mid-body while the consumer is slow', () => {
  it(`never crashes the process: ${ITERATIONS} downloads each resume and verify`, async () => {
    const urls = Array.from({ length: ITERATIONS }, (_, i) => server.url(`/cut-${i}/${FILE}`));
    const results: ChildLine[] = [];
    const crashes: string[] = [];
    // A crashed child takes its current download with it; start another for the rest.
    while (results.length + crashes.length < urls.length) {
      const remaining = urls.slice(results.length + crashes.length);
      const { lines, code, stderr } = await runChild(remaining);
      results.push(...lines);
      if (code !== 0) {
        const paused = /assert\(!this\.paused\)[^\n]*\n(?:\s*\n)*\s*at [^\n]+/.exec(stderr)?.[0];
        crashes.push(paused ?? /^.*Error.*$/m.exec(stderr)?.[0] ?? `exit ${code}`);
      }
    }
    console.log(
      `backpressure: ${ITERATIONS} downloads cut at 40 %: ${crashes.length} crashed, ` +
        `${results.filter((r) => r.status === 'completed').length} completed` +
        (crashes.length ? `; first crash: ${crashes[0]}` : ''),
    );
    expect(crashes).toEqual([]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'completed', verified: { size: true, sha256: true } });
    }
    // Every download was cut once and resumed once with a Range request.
    for (let i = 0; i < ITERATIONS; i++) {
      const requests = server.requests.filter((r) => r.path === `/cut-${i}/${FILE}`);
      expect(requests.map((r) => r.range === undefined)).toEqual([true, false]);
    }
  });
});

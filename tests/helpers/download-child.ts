// Model downloads in their own process, for tests where a download may crash the process (an
// uncatchable error inside the HTTP client) or runs under a file size limit (ulimit -f).
// Usage: node dist/tests/helpers/download-child.js '{"downloads": [{"source": "..."}], "dir": "...", "slowMs": 2}'
// Runs each download in turn into a fresh models folder and prints one JSON line per download.
// With slowMs the disk is made slow, as a busy or network disk is: run with UV_THREADPOOL_SIZE=1 and
// the one libuv thread, which every file write goes through, is kept busy with slowMs-long jobs. The
// socket is still read at full speed on the main thread, so the body arrives faster than it can be
// written and the HTTP client applies back-pressure (its parser pauses) nearly all the time.
import { pbkdf2 } from 'node:crypto';
import path from 'node:path';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { serializeError } from '../../src/shared/errors.js';
import type { CatalogEntry, DownloadRequestInput } from '../../src/shared/models.js';

interface ChildConfig {
  downloads: DownloadRequestInput[];
  dir: string;
  /** A catalog instead of the built-in one. */
  catalog?: CatalogEntry[];
  slowMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;

/** One threadpool job of about `ms`, again and again until stopped. */
function occupyThreadpool(ms: number): () => void {
  let iterations = 1000;
  let running = true;
  const next = () => {
    const started = performance.now();
    pbkdf2('disk', 'busy', iterations, 32, 'sha256', () => {
      const took = performance.now() - started;
      if (took > 0) iterations = Math.max(100, Math.round((iterations * ms) / took));
      if (running) next();
    });
  };
  next();
  return () => {
    running = false;
  };
}

const stopBusy = config.slowMs ? occupyThreadpool(config.slowMs) : () => undefined;

for (const [index, request] of config.downloads.entries()) {
  const manager = new ModelManager({
    modelsDir: path.join(config.dir, `models-${process.pid}-${index}`),
    env: {},
    ...(config.catalog ? { catalog: config.catalog } : {}),
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    stallTimeoutMs: 5000,
    progressIntervalMs: 0,
  });
  const line: Record<string, unknown> = { source: request.source };
  try {
    const result = await manager.download(request).result;
    line['status'] = result.status;
    if (result.status === 'completed') line['verified'] = result.verified;
  } catch (error) {
    line['status'] = 'failed';
    line['error'] = serializeError(error);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
stopBusy();

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../src/services/models/catalog.js';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { PARAKEET_REVISION } from '../../src/services/models/parakeet-catalog.js';
import type { CatalogEntry } from '../../src/shared/models.js';
import { makeTempDir, tinyParakeetModel } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

/**
 * A Parakeet catalog download through a mirror shaped like Hugging Face (as hf-mirror.com is): the file
 * is asked for from ggml-org/parakeet-GGUF at the pinned revision on the mirror's host, verified, and
 * listed as a Parakeet model with what it can do. The served bytes are the tiny random Parakeet model;
 * the test catalog's entry carries their size and SHA-256 (the published ones cannot match a fixture).
 */
const FILE = 'ggml-parakeet-tdt-0.6b-v3-q8_0.bin';
const temp = makeTempDir('dictation-parakeet-download-');
let server: ModelServer;
let body: Buffer;
let entry: CatalogEntry;

beforeAll(async () => {
  body = readFileSync(tinyParakeetModel());
  entry = {
    ...findCatalogEntry('parakeet-tdt-0.6b-v3-q8_0')!,
    sizeBytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  server = await startModelServer({
    [`/ggml-org/parakeet-GGUF/resolve/${PARAKEET_REVISION}/${FILE}`]: { body },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  temp.cleanup();
});

describe('a Parakeet catalog download', () => {
  it('comes from its own repository at the pinned revision on the mirror host, and lists as Parakeet', async () => {
    const manager = new ModelManager({
      modelsDir: path.join(temp.dir, 'models'),
      catalog: [entry],
      env: { DICTATION_MODEL_MIRROR: server.url('/ggerganov/whisper.cpp/resolve/main') },
      progressIntervalMs: 0,
    });
    const handle = manager.download({ source: 'parakeet-tdt-0.6b-v3-q8_0' });
    expect(handle.url).toBe(server.url(`/ggml-org/parakeet-GGUF/resolve/${PARAKEET_REVISION}/${FILE}`));
    const result = await handle.result;
    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    expect(result.verified).toEqual({ size: true, sha256: true });
    expect(result.model).toMatchObject({
      name: 'parakeet-tdt-0.6b-v3-q8_0',
      catalogName: 'parakeet-tdt-0.6b-v3-q8_0',
      family: 'parakeet',
      capabilities: { family: 'parakeet', takesPrompt: false, translates: false, languageSelectable: false },
    });
    expect(result.model.damaged).toBeUndefined();
    expect(server.requests.map((r) => r.path)).toEqual([
      `/ggml-org/parakeet-GGUF/resolve/${PARAKEET_REVISION}/${FILE}`,
    ]);
  });
});

import { parseAppRequest } from '../../src/shared/app-protocol.js';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { AppError } from '../../src/shared/errors.js';
import type { ModelEvent } from '../../src/shared/models.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';

const temp = makeTempDir('dictation-models-import-');
afterAll(() => temp.cleanup());

let count = 0;
function manager(): { manager: ModelManager; events: ModelEvent[] } {
  const created = new ModelManager({ modelsDir: path.join(temp.dir, `models-${++count}`), env: {} });
  const events: ModelEvent[] = [];
  created.onEvent((event) => events.push(event));
  return { manager: created, events };
}

function write(name: string, content: Buffer): string {
  const file = path.join(temp.dir, name);
  writeFileSync(file, content);
  return file;
}

async function importFailure(file: string): Promise<AppError> {
  const { manager: m } = manager();
  const error = await m.importModel(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  // Nothing reaches the models folder.
  expect(existsSync(m.modelsDir) ? readdirSync(m.modelsDir) : []).toEqual([]);
  return error as AppError;
}

describe('importing a model file', () => {
  it('imports the vocab-only fixture model and lists it', async () => {
    const { manager: m, events } = manager();
    const model = await m.importModel(fixtures.vocabOnlyModel);
    expect(model).toMatchObject({
      name: 'tiny.en-vocab-only',
      file: 'ggml-tiny.en-vocab-only.bin',
      sizeBytes: readFileSync(fixtures.vocabOnlyModel).length,
      active: false,
      multilingual: false,
    });
    expect(readFileSync(model.path).equals(readFileSync(fixtures.vocabOnlyModel))).toBe(true);
    expect(await m.list()).toEqual([model]);
    expect(events).toMatchObject([{ type: 'model_imported', model }]);
    expect(readdirSync(m.modelsDir)).toEqual(['ggml-tiny.en-vocab-only.bin']);
    // The VAD model lives in the same folder but is not a speech model to choose.
    copyFileSync(fixtures.sileroVad, path.join(m.modelsDir, 'ggml-silero-v6.2.0.bin'));
    expect((await m.list()).map((x) => x.name)).toEqual(['tiny.en-vocab-only']);

    const again = await m.importModel(fixtures.vocabOnlyModel).catch((e: unknown) => e);
    expect(again).toMatchObject({ kind: 'model_exists' });
    expect((again as AppError).message).toMatch(/A model named tiny\.en-vocab-only is already installed/);
  });

  it('answers commands from another process, validating them at the edge', async () => {
    const { manager: m, events } = manager();
    // The app's edge (parseAppRequest) refuses a malformed command before the manager sees it.
    expect(parseAppRequest({ type: 'models', command: { type: 'use', name: 42 } })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request' },
    });
    const imported = await m.handle({ type: 'import', timestamp: 1, path: fixtures.vocabOnlyModel });
    expect(imported).toMatchObject({ type: 'model_imported', model: { name: 'tiny.en-vocab-only' } });
    const used = await m.handle({ type: 'use', timestamp: 2, name: 'tiny.en-vocab-only' });
    expect(used).toMatchObject({
      type: 'active_model_changed',
      model: { name: 'tiny.en-vocab-only', active: true },
    });
    expect((await m.getActive())?.file).toBe('ggml-tiny.en-vocab-only.bin');
    const listed = await m.handle({ type: 'list', timestamp: 3 });
    expect(listed.type === 'models_listed' && listed.installed.map((x) => [x.name, x.active])).toEqual([
      ['tiny.en-vocab-only', true],
    ]);
    expect(listed.type === 'models_listed' && listed.catalog).toHaveLength(31);
    // Without a host saying otherwise, the active model counts as in use.
    const refused = await m.handle({ type: 'remove', timestamp: 4, name: 'tiny.en-vocab-only' });
    expect(refused).toMatchObject({ type: 'model_command_failed', error: { kind: 'model_in_use' } });
    const unknown = await m.handle({ type: 'download', timestamp: 5, request: { source: 'huge' } });
    expect(unknown).toMatchObject({ type: 'model_command_failed', error: { kind: 'invalid_request' } });
    expect(events.map((e) => e.type)).toEqual([
      'model_imported',
      'active_model_changed',
      'models_listed',
      'model_command_failed',
      'model_command_failed',
    ]);

    const relaxed = new ModelManager({ modelsDir: m.modelsDir, env: {}, isActiveModelInUse: () => false });
    expect(await relaxed.handle({ type: 'remove', timestamp: 6, name: 'tiny.en-vocab-only' })).toMatchObject({
      type: 'model_removed',
    });
    expect(await relaxed.getActive()).toBeNull();
  });

  it('imports a complete model with weights after walking all of its tensors', async () => {
    const { manager: m } = manager();
    const model = await m.importModel(fixtures.microModel);
    expect(model.name).toBe('micro-en');
    expect(model.sizeBytes).toBe(readFileSync(fixtures.microModel).length);
  });

  it('rejects a random file as not a whisper model', async () => {
    const file = write('random.bin', randomBytes(1024 * 1024));
    const error = await importFailure(file);
    expect(error.kind).toBe('model_invalid');
    expect(error.message).toBe(
      `${file} is not a whisper.cpp ggml model (it does not start with the ggml magic bytes)`,
    );
  });

  it('rejects an empty file as empty', async () => {
    const file = write('empty.bin', Buffer.alloc(0));
    const error = await importFailure(file);
    expect(error.message).toBe(`${file} is empty (0 bytes), not a whisper.cpp model`);
  });

  it('rejects a model truncated inside its weights, naming the tensor', async () => {
    const file = write('micro-cut.bin', readFileSync(fixtures.microModel).subarray(0, 13_000_000));
    const error = await importFailure(file);
    expect(error.message).toMatch(
      /micro-cut\.bin is a truncated whisper\.cpp model: tensor 53 of 128 \("decoder\.token_embedding\.weight"\) needs \d+ bytes at offset \d+, but the file ends at byte 13000000$/,
    );
    expect(error.hint).toMatch(/incomplete/);
  });

  it('rejects a model truncated inside its vocabulary', async () => {
    const file = write('vocab-cut.bin', readFileSync(fixtures.vocabOnlyModel).subarray(0, 300_000));
    const error = await importFailure(file);
    expect(error.message).toMatch(
      /vocab-cut\.bin is a truncated whisper\.cpp model: vocabulary token \d+ of 50257/,
    );
  });

  it('rejects a model cut exactly between two tensors by counting them', async () => {
    // Every byte the file declares is present, but 127 tensors are missing.
    const micro = readFileSync(fixtures.microModel);
    const file = write('one-tensor.bin', micro.subarray(0, firstTensorEnd(micro)));
    const error = await importFailure(file);
    expect(error.message).toMatch(/holds 1 of the 128 tensors its header declares$/);
  });

  it('names other formats: GGUF, a web page, a Silero VAD model', async () => {
    const gguf = await importFailure(
      write('model.gguf', Buffer.concat([Buffer.from('GGUF'), randomBytes(64)])),
    );
    expect(gguf.message).toMatch(/is a GGUF file \(the llama\.cpp format\)/);
    const page = await importFailure(
      write('ggml-base.bin', Buffer.from('<!DOCTYPE html><html><body>Error</body>')),
    );
    expect(page.message).toMatch(/is a web page, not a whisper\.cpp ggml model \(a failed download\?\)/);
    const copy = path.join(temp.dir, 'silero.bin');
    copyFileSync(fixtures.sileroVad, copy);
    const vad = await importFailure(copy);
    expect(vad.message).toBe(`${copy} is a Silero VAD model, not a whisper speech model`);
  });
});

/** Offset just after a model's first tensor (f32 or f16), read from its header. */
function firstTensorEnd(model: Buffer): number {
  let offset = 4 + 11 * 4;
  const nMel = model.readInt32LE(offset);
  const nFft = model.readInt32LE(offset + 4);
  offset += 8 + nMel * nFft * 4;
  const tokens = model.readInt32LE(offset);
  offset += 4;
  for (let i = 0; i < tokens; i++) offset += 4 + model.readUInt32LE(offset);
  const nDims = model.readInt32LE(offset);
  const nameLength = model.readInt32LE(offset + 4);
  const type = model.readInt32LE(offset + 8);
  let elements = 1;
  for (let d = 0; d < nDims; d++) elements *= model.readInt32LE(offset + 12 + 4 * d);
  const bytesPerElement = type === 0 ? 4 : 2;
  return offset + 12 + 4 * nDims + nameLength + elements * bytesPerElement;
}

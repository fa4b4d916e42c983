import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { vadModelPath, VAD_MODEL } from '../../src/services/models/vad-model.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const run = promisify(execFile);

describe('installing the Silero VAD model (dictation models vad)', () => {
  let temp: { dir: string; cleanup: () => void } | undefined;
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    temp?.cleanup();
  });

  it('downloads it from a mirror, verified against the published size and SHA-256', async () => {
    temp = makeTempDir();
    const body = readFileSync(fixtures.sileroVad);
    expect(body.length).toBe(VAD_MODEL.sizeBytes);
    server = await startModelServer({ [`/vad/${VAD_MODEL.file}`]: { body } });
    const env = { ...process.env, DICTATION_DATA_DIR: temp.dir };
    const { stdout } = await run(
      process.execPath,
      [cliEntry, 'models', 'vad', '--mirror', server.url('/vad')],
      { env },
    );
    const installed = vadModelPath(path.join(temp.dir, 'models'));
    expect(stdout.trim()).toBe(installed);
    expect(readFileSync(installed).equals(body)).toBe(true);
  });

  it('rejects a file that is not the Silero model, and a damaged copy, with specific messages', async () => {
    temp = makeTempDir();
    const env = { ...process.env, DICTATION_DATA_DIR: temp.dir };
    const notVad = run(process.execPath, [cliEntry, 'models', 'vad', '--from', fixtures.vocabOnlyModel], {
      env,
    });
    await expect(notVad).rejects.toMatchObject({
      stderr: expect.stringContaining('is not a Silero VAD model'),
    });
    const damaged = path.join(temp.dir, 'silero-damaged.bin');
    const bytes = readFileSync(fixtures.sileroVad);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    writeFileSync(damaged, bytes);
    const bad = run(process.execPath, [cliEntry, 'models', 'vad', '--from', damaged], { env });
    await expect(bad).rejects.toMatchObject({ stderr: expect.stringContaining('SHA-256 differs') });
    const { stdout } = await run(
      process.execPath,
      [cliEntry, 'models', 'vad', '--from', fixtures.sileroVad],
      { env },
    );
    expect(stdout.trim()).toBe(vadModelPath(path.join(temp.dir, 'models')));
  });
});

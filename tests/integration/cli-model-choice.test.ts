import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { runCli } from '../helpers/run-cli.js';

const temp = makeTempDir('dictation-cli-model-choice-');
let server: ModelServer;

beforeAll(async () => {
  server = await startModelServer({
    '/files/ggml-micro-en.bin': { body: readFileSync(fixtures.microModel) },
  });
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

/** A fresh data folder (models, settings) per case: what a new user has. */
function freshDataDir(name: string): string {
  const dir = path.join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const cli = (dataDir: string, args: string[]) =>
  runCli(args, { DICTATION_DATA_DIR: dataDir, DICTATION_MODEL_MIRROR: '' });

describe('dictation transcribe: --model names and the active model', () => {
  it('with no model installed, exits 2 and names the one command that fixes it', async () => {
    const dataDir = freshDataDir('none');
    const result = await cli(dataDir, ['transcribe', fixtures.jfkWav, '--out', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No speech model is installed yet/);
    expect(result.stderr).toContain('"dictation models download base.en"');
    expect(result.stderr).not.toMatch(/Models tab|window/);
  });

  it('a catalog name that is not installed says how to download it', async () => {
    const dataDir = freshDataDir('not-installed');
    const result = await cli(dataDir, ['transcribe', fixtures.jfkWav, '--model', 'tiny.en']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The model "tiny.en" is not installed');
    expect(result.stderr).toContain('"dictation models download tiny.en"');
  });

  it('after a download and "models use", a plain transcribe uses that model, and the window setting agrees', async () => {
    const dataDir = freshDataDir('downloaded');
    const download = await cli(dataDir, ['models', 'download', server.url('/files/ggml-micro-en.bin')]);
    expect(download.code, download.stderr).toBe(0);
    const use = await cli(dataDir, ['models', 'use', 'micro-en']);
    expect(use.code, use.stderr).toBe(0);
    const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    expect(settings.speech.model).toBe('ggml-micro-en.bin');

    const out = path.join(dataDir, 'out');
    const result = await cli(dataDir, ['transcribe', fixtures.jfkWav, '--format', 'json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(path.join(out, 'jfk.json'), 'utf8'));
    expect(written.model).toBe('ggml-micro-en.bin');
    expect(written.segments.length).toBeGreaterThan(0);

    // The name works as --model too.
    const byName = await cli(dataDir, [
      'transcribe',
      fixtures.jfkWav,
      '-m',
      'micro-en',
      '-f',
      'txt',
      '-o',
      out,
    ]);
    expect(byName.code, byName.stderr).toBe(0);
  });

  it('a base.en in the models folder is the default without any choice (the window picks it too)', async () => {
    const dataDir = freshDataDir('base-en');
    mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    // Any valid model under base.en's file name: the choice goes by the file the settings name.
    copyFileSync(fixtures.microModel, path.join(dataDir, 'models', 'ggml-base.en.bin'));
    const out = path.join(dataDir, 'out');
    const result = await cli(dataDir, ['transcribe', fixtures.jfkWav, '-f', 'json', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'jfk.json'), 'utf8')).model).toBe('ggml-base.en.bin');
  });

  it('with models installed but none chosen, names "dictation models use"', async () => {
    const dataDir = freshDataDir('unchosen');
    mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    copyFileSync(fixtures.microModel, path.join(dataDir, 'models', 'ggml-micro-en.bin'));
    const result = await cli(dataDir, ['transcribe', fixtures.jfkWav]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"dictation models use micro-en"');
  });
});

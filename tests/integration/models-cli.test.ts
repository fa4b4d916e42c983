import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const model = readFileSync(fixtures.vocabOnlyModel);
const sha256 = createHash('sha256').update(model).digest('hex');
// Another valid model served under the same file name: what an installed file must be told apart from.
const other = readFileSync(fixtures.microModel);
const otherSha256 = createHash('sha256').update(other).digest('hex');
const FILE = 'ggml-tiny.en-vocab-only.bin';

const temp = makeTempDir('dictation-models-cli-');
const dataDir = path.join(temp.dir, 'data');
const modelsDir = path.join(dataDir, 'models');
let server: ModelServer;

beforeAll(async () => {
  server = await startModelServer({
    [`/files/${FILE}`]: { body: model },
    // A mirror that serves the wrong file under a catalog name.
    '/wrong-mirror/ggml-tiny.en.bin': { body: model },
    [`/other/${FILE}`]: { body: other },
  });
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

/** Runs the built CLI asynchronously (the test server lives in this process and must keep serving). */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], {
      env: { ...process.env, DICTATION_DATA_DIR: dataDir, DICTATION_MODEL_MIRROR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('dictation:'));
}

describe('dictation models', () => {
  it('lists the catalog with a recommendation when nothing is installed', async () => {
    const result = await cli(['models', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Installed models (${modelsDir}):`);
    expect(result.stdout).toMatch(/none yet/);
    expect(result.stdout).toMatch(/recommended here: [a-z0-9._-]+; \d+ cores? and \d+ GB of memory/);
    expect(result.stdout).toMatch(/^[ >] base\.en +148 MB {2}English only\. Fast with fair accuracy/m);
    expect(result.stdout).toContain('Files from https://huggingface.co/ggerganov/whisper.cpp/resolve/main\n');
    // Parakeet with NVIDIA's attribution, its licence, and its own pinned source.
    expect(result.stdout).toContain(
      '\nParakeet TDT 0.6B v3 by NVIDIA, licensed under CC-BY-4.0; converted to ggml by ggml-org (whisper.cpp).\n' +
        '  Licence CC-BY-4.0: https://creativecommons.org/licenses/by/4.0/; model: https://huggingface.co/nvidia/parakeet-tdt-0.6b-v3\n' +
        '  Files from https://huggingface.co/ggml-org/parakeet-GGUF/resolve/35156454d1a39de06863303dd209fd2bed6ee079\n',
    );
    expect(result.stdout).toMatch(/^[ >] parakeet-tdt-0\.6b-v3-q8_0 +669 MB {2}NVIDIA's transducer model/m);
    expect(result.stdout).toContain(
      'Whisper by OpenAI (MIT licence); converted to ggml by the whisper.cpp project.',
    );
  });

  it('downloads from a URL with --sha256 and verifies it, then lists, uses and removes it', async () => {
    const url = server.url(`/files/${FILE}`);
    const download = await cli(['models', 'download', url, '--sha256', sha256.toUpperCase()]);
    expect(download.code).toBe(0);
    expect(download.stdout.trim()).toBe(path.join(modelsDir, FILE));
    expect(download.stderr).toContain(`${FILE}: done, size and SHA-256 verified`);
    expect(readFileSync(path.join(modelsDir, FILE)).equals(model)).toBe(true);
    expect(readdirSync(modelsDir).filter((f) => f.includes('partial'))).toEqual([]);

    const again = await cli(['models', 'download', url]);
    expect(again.code).toBe(0);
    expect(errorLines(again.stderr)).toEqual([
      'dictation: tiny.en-vocab-only is already installed (not verified: no size or SHA-256 is known; pass --sha256)',
    ]);

    const listed = await cli(['models', 'list']);
    expect(listed.stdout).toMatch(
      /^ {2}tiny\.en-vocab-only +587 KB {2}Whisper tiny, English only, takes a prompt, no translation$/m,
    );

    const use = await cli(['models', 'use', 'tiny.en-vocab-only']);
    expect(use.code).toBe(0);
    expect(use.stdout.trim()).toBe(path.join(modelsDir, FILE));
    const active = await cli(['models', 'list', '--json']);
    const parsed = JSON.parse(active.stdout) as { installed: { name: string; active: boolean }[] };
    expect(parsed.installed).toEqual([expect.objectContaining({ name: 'tiny.en-vocab-only', active: true })]);

    const refused = await cli(['models', 'remove', 'tiny.en-vocab-only']);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([
      'dictation: tiny.en-vocab-only is the active model and is in use (Choose another model first ' +
        '("dictation models use <name>"), then remove this one. If the app is not running, --force removes it.)',
    ]);
    const forced = await cli(['models', 'remove', 'tiny.en-vocab-only', '--force']);
    expect(forced.code).toBe(0);
    expect(existsSync(path.join(modelsDir, FILE))).toBe(false);
  });

  it('rejects a mirror that serves a different file, from --mirror and from DICTATION_MODEL_MIRROR', async () => {
    const mirror = server.url('/wrong-mirror');
    for (const run of [
      () => cli(['models', 'download', 'tiny.en', '--mirror', mirror]),
      () => cli(['models', 'download', 'tiny.en'], { DICTATION_MODEL_MIRROR: mirror }),
    ]) {
      const result = await run();
      expect(result.code).toBe(1);
      expect(errorLines(result.stderr)).toEqual([
        `dictation: The download of ggml-tiny.en.bin from ${mirror}/ggml-tiny.en.bin failed verification: ` +
          `${new URL(mirror).host} offers ${model.length} bytes but ggml-tiny.en.bin has 77704715: it serves a ` +
          'different file. The downloaded file was deleted. (Try again; if it fails again, the server or mirror ' +
          'serves a different file.)',
      ]);
      expect(readdirSync(modelsDir).filter((f) => f.startsWith('ggml-tiny.en.bin'))).toEqual([]);
    }
  });

  it('checks an installed file against the requested SHA-256, says what differs, and replaces it with --force', async () => {
    const first = await cli(['models', 'download', server.url(`/files/${FILE}`), '--sha256', sha256]);
    expect(first.code).toBe(0);
    const same = await cli(['models', 'download', server.url(`/other/${FILE}`), '--sha256', sha256]);
    expect(same.code).toBe(0);
    expect(errorLines(same.stderr)).toEqual([
      'dictation: tiny.en-vocab-only is already installed (SHA-256 verified)',
    ]);

    const url = server.url(`/other/${FILE}`);
    const requestsBefore = server.requests.length;
    const differs = await cli(['models', 'download', url, '--sha256', otherSha256]);
    expect(differs.code).toBe(1);
    expect(errorLines(differs.stderr)).toEqual([
      `dictation: ${FILE} is already installed but is not the file asked for: its SHA-256 is ${sha256}, ` +
        `expected ${otherSha256} (Replace it ("dictation models download ${url} --force") or remove it first ` +
        '("dictation models remove tiny.en-vocab-only").)',
    ]);
    expect(server.requests.length).toBe(requestsBefore);
    expect(readFileSync(path.join(modelsDir, FILE)).equals(model)).toBe(true);

    const replaced = await cli(['models', 'download', url, '--sha256', otherSha256, '--force']);
    expect(replaced.code).toBe(0);
    expect(replaced.stderr).toContain(`${FILE}: done, size and SHA-256 verified`);
    expect(readFileSync(path.join(modelsDir, FILE)).equals(other)).toBe(true);
    expect(readdirSync(modelsDir).filter((f) => f.includes('partial'))).toEqual([]);
    expect((await cli(['models', 'remove', 'tiny.en-vocab-only', '--force'])).code).toBe(0);
  });

  it('shows a file named like a catalog model but with another SHA-256 as damaged, and will not call it installed', async () => {
    // The catalog's size for tiny.en, but not its bytes: a valid header padded to 77,704,715 bytes.
    const fake = Buffer.alloc(77_704_715);
    model.copy(fake);
    mkdirSync(modelsDir, { recursive: true });
    writeFileSync(path.join(modelsDir, 'ggml-tiny.en.bin'), fake);
    const fakeSha = createHash('sha256').update(fake).digest('hex');
    const catalogSha = '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f';

    const download = await cli(['models', 'download', 'tiny.en', '--mirror', server.url('/nowhere')]);
    expect(download.code).toBe(1);
    expect(errorLines(download.stderr)).toEqual([
      `dictation: ggml-tiny.en.bin is already installed but is not the file asked for: its SHA-256 is ${fakeSha}, ` +
        `expected ${catalogSha} (Replace it ("dictation models download tiny.en --force") or remove it first ` +
        '("dictation models remove tiny.en").)',
    ]);

    const listed = await cli(['models', 'list']);
    expect(listed.stdout).toContain(
      `    damaged: its SHA-256 is ${fakeSha}, tiny.en's is ${catalogSha}; download it again ` +
        '("dictation models download tiny.en --force") or remove it',
    );
    const json = JSON.parse((await cli(['models', 'list', '--json'])).stdout) as {
      installed: { name: string; damaged?: string }[];
    };
    expect(json.installed.find((m) => m.name === 'tiny.en')?.damaged).toMatch(/^its SHA-256 is /);
    expect((await cli(['models', 'remove', 'tiny.en', '--force'])).code).toBe(0);
  });

  it('downloads through HTTP_PROXY when Node is told to use the environment proxy', async () => {
    // The proxy serves the file itself; the origin's name does not even resolve.
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-length': model.length }).end(model);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const url = `http://models.example.invalid/files/${FILE}`;
      const result = await cli(['models', 'download', url, '--sha256', sha256], {
        NODE_USE_ENV_PROXY: '1',
        HTTP_PROXY: proxyUrl,
        NO_PROXY: '',
      });
      expect(errorLines(result.stderr)).toEqual([]);
      expect(result.code).toBe(0);
      expect(seen).toEqual([url]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await cli(['models', 'remove', 'tiny.en-vocab-only', '--force']);
    }
  });

  it('gives one clear line and exit code 1 for unknown names, 404s and bad files', async () => {
    const unknown = await cli(['models', 'download', 'huge']);
    expect(unknown.code).toBe(1);
    expect(errorLines(unknown.stderr)).toEqual([
      'dictation: "huge" is not a model in the catalog (Run "dictation models list" to see the models that ' +
        'can be downloaded, or give a URL.)',
    ]);

    const missing = await cli(['models', 'download', server.url('/files/ggml-nothing.bin')]);
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)[0]).toMatch(/ggml-nothing\.bin was not found at .* \(HTTP 404\)/);

    const badName = await cli(['models', 'download', server.url('/files/ggml-%E0%A4%A.bin')]);
    expect(badName.code).toBe(1);
    expect(errorLines(badName.stderr)).toEqual([
      `dictation: ${server.url('/files/ggml-%E0%A4%A.bin')} does not end in a usable file name (a bad %-escape) ` +
        '(Check the URL: it should end in a name such as ggml-base.en.bin.)',
    ]);

    const badSha = await cli(['models', 'download', server.url(`/files/${FILE}`), '--sha256', 'xyz']);
    expect(badSha.code).toBe(1);
    expect(errorLines(badSha.stderr)[0]).toMatch(/Invalid download request: a SHA-256 checksum is 64/);

    const randomFile = path.join(temp.dir, 'noise.bin');
    writeFileSync(randomFile, randomBytes(4096));
    const rejected = await cli(['models', 'import', randomFile]);
    expect(rejected.code).toBe(1);
    expect(errorLines(rejected.stderr)[0]).toMatch(/noise\.bin is not a whisper\.cpp ggml model/);

    const imported = await cli(['models', 'import', fixtures.vocabOnlyModel]);
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim()).toBe(path.join(modelsDir, FILE));

    const unknownUse = await cli(['models', 'use', 'nope']);
    expect(unknownUse.code).toBe(1);
    expect(errorLines(unknownUse.stderr)[0]).toMatch(
      /No installed model is called "nope" \(Installed: tiny\.en-vocab-only/,
    );
  });
});

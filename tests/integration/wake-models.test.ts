import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/services/logging/logger.js';
import { WAKE_FRONT_END, WAKE_PHRASE_CATALOG } from '../../src/services/models/wake-catalog.js';
import {
  importWakeModel,
  installWakePhrase,
  removeWakePhrase,
  wakeModelsDir,
  wakeModelsStatus,
} from '../../src/services/models/wake-models.js';
import { AppError } from '../../src/shared/errors.js';
import { WakeModelRemoveRequest, WakeModelsStatus } from '../../src/shared/wake-models.js';
import type { ModelEvent } from '../../src/shared/models.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer, type Route } from '../helpers/model-server.js';

// The real openWakeWord files (fixtures) served by a real HTTP server on 127.0.0.1 as the mirror; the
// catalog's sizes and SHA-256 are checked against them for real.
const run = promisify(execFile);
const fixture = (file: string) => readFileSync(path.join(fixtures.wakewordDir, file));
const ALL = [...WAKE_FRONT_END, ...WAKE_PHRASE_CATALOG].map((f) => f.file);
const temp = makeTempDir('dictation-wake-models-');
const tinyDisk = path.join(temp.dir, 'tiny-disk');
let tmpfs = false;
let server: ModelServer;

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  for (const file of ALL) {
    routes[`/ok/${file}`] = { body: fixture(file) };
    // The first connection drops half-way; the download resumes from there.
    routes[`/drop/${file}`] = {
      body: fixture(file),
      behaviour: (n) => (n === 0 ? { kind: 'drop', at: 300_000 } : undefined),
    };
  }
  // Right size, wrong bytes: the SHA-256 check must catch it.
  const jarvis = fixture('hey_jarvis_v0.1.onnx');
  const tampered = Buffer.from(jarvis);
  tampered.writeUInt8(tampered.readUInt8(5000) ^ 0xff, 5000);
  for (const file of ALL) routes[`/tampered/${file}`] = { body: fixture(file) };
  routes['/tampered/hey_jarvis_v0.1.onnx'] = { body: tampered };
  // Cut short: the server says the whole size but closes early, three times, then recovers.
  for (const file of ALL) routes[`/truncated/${file}`] = { body: fixture(file) };
  routes['/truncated/melspectrogram.onnx'] = {
    body: fixture('melspectrogram.onnx'),
    behaviour: (n) => (n < 3 ? { kind: 'drop', at: 200_000 } : undefined),
  };
  server = await startModelServer(routes);
  mkdirSync(tinyDisk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tinyDisk], { stdio: 'pipe' });
    tmpfs = true;
  } catch {
    // Not root: the disk-full case runs under ulimit -f instead.
  }
});

afterAll(async () => {
  await server?.close();
  if (tmpfs) execFileSync('umount', [tinyDisk]);
  temp.cleanup();
});

let count = 0;
const freshDir = () => path.join(temp.dir, `models-${++count}`);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const fast = { logger: silentLogger(), retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } };

describe('installing a wake phrase model', () => {
  it('needs the licence accepted: nothing is downloaded without it', async () => {
    const modelsDir = freshDir();
    const before = server.requests.length;
    const error = await failure(
      installWakePhrase({
        ...fast,
        modelsDir,
        id: 'hey_jarvis_v0.1',
        acceptLicence: false,
        mirror: server.url('/ok'),
      }),
    );
    expect(error.kind).toBe('licence_not_accepted');
    expect(error.message).toContain('Creative Commons Attribution-NonCommercial-ShareAlike 4.0');
    expect(error.hint).toContain('--accept-licence');
    expect(server.requests.length).toBe(before);
    expect(existsSync(wakeModelsDir(modelsDir))).toBe(false);
  });

  it('downloads the front end with the first phrase, verified, with progress; the second phrase alone', async () => {
    const modelsDir = freshDir();
    const events: ModelEvent[] = [];
    const target = await installWakePhrase({
      ...fast,
      modelsDir,
      id: 'hey_jarvis',
      acceptLicence: true,
      mirror: server.url('/drop'),
      onEvent: (event) => events.push(event),
    });
    const dir = wakeModelsDir(modelsDir);
    expect(target).toBe(path.join(dir, 'hey_jarvis_v0.1.onnx'));
    expect(readdirSync(dir).sort()).toEqual([
      'embedding_model.onnx',
      'hey_jarvis_v0.1.onnx',
      'melspectrogram.onnx',
    ]);
    for (const file of readdirSync(dir))
      expect(readFileSync(path.join(dir, file)).equals(fixture(file))).toBe(true);
    // Each file dropped once (at most 300 KB arrived) and resumed with a Range request from there.
    const resumed = server.requests.filter((r) => r.path === '/drop/melspectrogram.onnx');
    expect(resumed.map((r) => r.range)).toEqual([undefined, expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
    expect(Number(/\d+/.exec(resumed[1]!.range!)![0])).toBeLessThanOrEqual(300_000);
    const completed = events.filter(
      (e) => e.type === 'download_progress' && e.progress.state === 'completed',
    );
    expect(completed.map((e) => (e.type === 'download_progress' ? e.progress.file : ''))).toEqual([
      'melspectrogram.onnx',
      'embedding_model.onnx',
      'hey_jarvis_v0.1.onnx',
    ]);

    const requestsBefore = server.requests.length;
    await installWakePhrase({
      ...fast,
      modelsDir,
      id: 'alexa_v0.1',
      acceptLicence: true,
      mirror: server.url('/ok'),
    });
    expect(server.requests.slice(requestsBefore).map((r) => r.path)).toEqual(['/ok/alexa_v0.1.onnx']);
    const status = await wakeModelsStatus(modelsDir);
    expect(status.frontEnd.installed).toBe(true);
    expect(status.phrases.filter((p) => p.installed).map((p) => p.id)).toEqual([
      'hey_jarvis_v0.1',
      'alexa_v0.1',
    ]);
    expect(status.phrases.every((p) => p.licence?.id === 'CC-BY-NC-SA-4.0')).toBe(true);

    // Uninstall: the front end stays while a phrase needs it, and goes with the last one.
    await removeWakePhrase('hey_jarvis_v0.1', modelsDir);
    expect(readdirSync(dir).sort()).toEqual([
      'alexa_v0.1.onnx',
      'embedding_model.onnx',
      'melspectrogram.onnx',
    ]);
    await removeWakePhrase('alexa_v0.1', modelsDir);
    expect(readdirSync(dir)).toEqual([]);
    expect((await failure(removeWakePhrase('alexa_v0.1', modelsDir))).kind).toBe('model_not_found');
  });

  it('deletes a file whose SHA-256 is wrong and says so', async () => {
    const modelsDir = freshDir();
    const error = await failure(
      installWakePhrase({
        ...fast,
        modelsDir,
        id: 'hey_jarvis_v0.1',
        acceptLicence: true,
        mirror: server.url('/tampered'),
      }),
    );
    expect(error.kind).toBe('verification_failed');
    expect(error.message).toMatch(
      /hey_jarvis_v0\.1\.onnx .* failed verification: its SHA-256 is [0-9a-f]{64}, expected 94a13cfe/,
    );
    const dir = wakeModelsDir(modelsDir);
    expect(readdirSync(dir).sort()).toEqual(['embedding_model.onnx', 'melspectrogram.onnx']);
  });

  it('gives up on a download that keeps being cut short, keeping the bytes for a resume', async () => {
    const modelsDir = freshDir();
    const error = await failure(
      installWakePhrase({
        ...fast,
        modelsDir,
        id: 'alexa_v0.1',
        acceptLicence: true,
        mirror: server.url('/truncated'),
      }),
    );
    expect(error.kind).toBe('download_failed');
    expect(error.message).toMatch(
      /^Downloading melspectrogram\.onnx from 127\.0\.0\.1:\d+ failed: .*\(3 attempts; [\d.]+ KB downloaded so far\)$/,
    );
    const dir = wakeModelsDir(modelsDir);
    expect(readdirSync(dir).sort()).toEqual([
      'melspectrogram.onnx.partial',
      'melspectrogram.onnx.partial.json',
    ]);
    // The next attempt resumes where the bytes on disk end, and finishes.
    await installWakePhrase({
      ...fast,
      modelsDir,
      id: 'alexa_v0.1',
      acceptLicence: true,
      mirror: server.url('/truncated'),
    });
    const requests = server.requests.filter((r) => r.path === '/truncated/melspectrogram.onnx');
    expect(requests).toHaveLength(4);
    expect(requests.slice(1).every((r) => /^bytes=[1-9]\d*-$/.test(r.range ?? ''))).toBe(true);
    expect(readFileSync(path.join(dir, 'melspectrogram.onnx')).equals(fixture('melspectrogram.onnx'))).toBe(
      true,
    );
  });

  it('refuses to start when the disk cannot hold the files', async (context) => {
    if (!tmpfs) context.skip(true, 'needs a mounted 1 MiB tmpfs (root); the CLI test below covers ulimit -f');
    const modelsDir = path.join(tinyDisk, 'models');
    const error = await failure(
      installWakePhrase({
        ...fast,
        modelsDir,
        id: 'alexa_v0.1',
        acceptLicence: true,
        mirror: server.url('/ok'),
      }),
    );
    expect(error.kind).toBe('disk_full');
    expect(error.message).toMatch(/^Not enough free disk space for melspectrogram\.onnx in .*wakeword/);
    expect(readdirSync(wakeModelsDir(modelsDir))).toEqual([]);
  });
});

describe('importing a wake phrase model', () => {
  it("copies a valid classifier in beside the front end and lists it as the user's own", async () => {
    const modelsDir = freshDir();
    const own = path.join(temp.dir, 'my_phrase.onnx');
    writeFileSync(own, fixture('hey_mycroft_v0.1.onnx'));
    const target = await importWakeModel(own, modelsDir);
    expect(target).toBe(path.join(wakeModelsDir(modelsDir), 'my_phrase.onnx'));
    const status = await wakeModelsStatus(modelsDir);
    expect(status.frontEnd.installed).toBe(false);
    expect(status.phrases.find((p) => p.id === 'my_phrase')).toMatchObject({
      source: 'imported',
      installed: true,
      phrase: 'my phrase',
      licence: null,
    });
    // Offline: the published front end is imported too, checked against its SHA-256.
    for (const file of ['melspectrogram.onnx', 'embedding_model.onnx']) {
      await importWakeModel(path.join(fixtures.wakewordDir, file), modelsDir);
    }
    expect((await wakeModelsStatus(modelsDir)).frontEnd.installed).toBe(true);
  });

  it('keeps a file with spaces under a normalised name, and lists one an older version stored raw', async () => {
    const modelsDir = freshDir();
    const own = path.join(temp.dir, 'Hey Computer.onnx');
    writeFileSync(own, fixture('hey_mycroft_v0.1.onnx'));
    expect(await importWakeModel(own, modelsDir)).toBe(
      path.join(wakeModelsDir(modelsDir), 'Hey_Computer.onnx'),
    );
    const status = await wakeModelsStatus(modelsDir);
    // What the window checks every list against: one bad name used to reject the whole list.
    expect(() => WakeModelsStatus.parse(status)).not.toThrow();
    expect(status.phrases.find((p) => p.source === 'imported')).toMatchObject({
      id: 'Hey_Computer',
      file: 'Hey_Computer.onnx',
      phrase: 'Hey Computer',
    });

    // A raw name already on disk (imported before the fix): listed with a valid id, and removable by it.
    rmSync(path.join(wakeModelsDir(modelsDir), 'Hey_Computer.onnx'));
    writeFileSync(path.join(wakeModelsDir(modelsDir), ' Ok, Büro!.onnx'), fixture('hey_mycroft_v0.1.onnx'));
    const stored = WakeModelsStatus.parse(await wakeModelsStatus(modelsDir));
    const raw = stored.phrases.find((p) => p.source === 'imported');
    expect(raw).toMatchObject({ id: 'Ok_B_ro_', file: ' Ok, Büro!.onnx', installed: true });
    expect(WakeModelRemoveRequest.parse({ id: raw?.id })).toEqual({ id: 'Ok_B_ro_' });
    await removeWakePhrase(raw?.id ?? '', modelsDir);
    expect(readdirSync(wakeModelsDir(modelsDir))).toEqual([]);
  });

  it('refuses a file that is not ONNX, and an ONNX model of the wrong shape, saying which', async () => {
    const modelsDir = freshDir();
    const text = path.join(temp.dir, 'notes.onnx');
    writeFileSync(text, 'hey jarvis, these are my notes\n');
    const notOnnx = await failure(importWakeModel(text, modelsDir));
    expect(notOnnx.kind).toBe('model_invalid');
    expect(notOnnx.message).toBe(`${text} is not an ONNX model (it has no ONNX protobuf header)`);

    const garbled = path.join(temp.dir, 'garbled.onnx');
    writeFileSync(garbled, Buffer.concat([Buffer.from([0x08, 0x07]), Buffer.alloc(4000, 0xff)]));
    const unloadable = await failure(importWakeModel(garbled, modelsDir));
    expect(unloadable.message).toContain('cannot be loaded by ONNX Runtime');

    const wrongShape = path.join(temp.dir, 'not_a_classifier.onnx');
    writeFileSync(wrongShape, fixture('embedding_model.onnx'));
    const shape = await failure(importWakeModel(wrongShape, modelsDir));
    expect(shape.kind).toBe('model_invalid');
    expect(shape.message).toMatch(
      /is not an openWakeWord phrase classifier: its input is \[.*, 76, 32, 1\], expected \[1, 16, 96\]$/,
    );
    expect(existsSync(wakeModelsDir(modelsDir))).toBe(false);
  });
});

describe('dictation models wake', () => {
  const env = (dataDir: string) => ({
    ...process.env,
    DICTATION_DATA_DIR: dataDir,
    DICTATION_MODEL_MIRROR: '',
  });

  it('lists, refuses without --accept-licence, installs, imports and removes', async () => {
    const dataDir = freshDir();
    const list = JSON.parse(
      (await run(process.execPath, [cliEntry, 'models', 'wake', 'list', '--json'], { env: env(dataDir) }))
        .stdout,
    );
    expect(list.phrases.map((p: { id: string }) => p.id)).toEqual([
      'hey_jarvis_v0.1',
      'alexa_v0.1',
      'hey_mycroft_v0.1',
    ]);
    expect(list.frontEnd).toMatchObject({
      installed: false,
      licence: { id: 'CC-BY-NC-SA-4.0', nonCommercial: true },
    });

    const refused = run(
      process.execPath,
      [cliEntry, 'models', 'wake', 'install', 'hey_jarvis', '--mirror', server.url('/ok')],
      { env: env(dataDir) },
    );
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Licence: Creative Commons[\s\S]*its licence .* has not been accepted/),
    });

    const installed = await run(
      process.execPath,
      [
        cliEntry,
        'models',
        'wake',
        'install',
        'hey_jarvis',
        '--accept-licence',
        '--mirror',
        server.url('/ok'),
      ],
      { env: env(dataDir) },
    );
    const dir = path.join(dataDir, 'models', 'wakeword');
    expect(installed.stdout.trim()).toBe(path.join(dir, 'hey_jarvis_v0.1.onnx'));
    expect(installed.stderr).toContain('hey_jarvis_v0.1.onnx: size and SHA-256 verified');

    const own = path.join(temp.dir, 'computer.onnx');
    writeFileSync(own, fixture('alexa_v0.1.onnx'));
    const imported = await run(process.execPath, [cliEntry, 'models', 'wake', 'import', own], {
      env: env(dataDir),
    });
    expect(imported.stdout.trim()).toBe(path.join(dir, 'computer.onnx'));
    const text = (await run(process.execPath, [cliEntry, 'models', 'wake', 'list'], { env: env(dataDir) }))
      .stdout;
    expect(text).toMatch(/hey_jarvis_v0\.1 .* installed +say "hey jarvis"/);
    expect(text).toMatch(/computer .* installed +your own model/);
    expect(text).toContain('Front end (melspectrogram.onnx, embedding_model.onnx, 2.4 MB): installed');

    await run(process.execPath, [cliEntry, 'models', 'wake', 'remove', 'computer'], { env: env(dataDir) });
    expect(readdirSync(dir).sort()).toEqual([
      'embedding_model.onnx',
      'hey_jarvis_v0.1.onnx',
      'melspectrogram.onnx',
    ]);
  });

  it('reports a file size limit (ulimit -f) mid-download as a full disk', async () => {
    const dataDir = freshDir();
    const command = `ulimit -f 512; exec "${process.execPath}" "${cliEntry}" models wake install alexa_v0.1 --accept-licence --mirror "${server.url('/ok')}"`;
    const failed = run('sh', ['-c', command], { env: env(dataDir) });
    await expect(failed).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /The file size limit of this process was reached: melspectrogram\.onnx stopped at/,
      ),
    });
  });
});

// Write-then-rename done safely, on real files: a link planted at a temporary or target name is never
// followed (the file it points to stays as it was), a file that must not be replaced is not, and a
// write that fails leaves no temporary file behind.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/services/outputs/write-outputs.js';
import { ModelStore } from '../../src/services/models/model-store.js';
import { GrowingWav } from '../../src/services/recording/growing-wav.js';
import { SessionLibrary } from '../../src/services/recording/session-library.js';
import { SessionRecorder } from '../../src/services/recording/session-recorder.js';
import {
  copyFileAtomic,
  writeFileAtomic,
  writeFileAtomicSync,
} from '../../src/services/storage/atomic-file.js';
import type { AppError } from '../../src/shared/errors.js';
import { makeTempDir } from '../helpers/fixtures.js';

const temps: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const temp of temps.splice(0)) temp.cleanup();
});

/** A folder with a file the user cares about ("victim"), which planted links point at. */
function setUp() {
  const temp = makeTempDir('dictation-atomic-');
  temps.push(temp);
  const victim = path.join(temp.dir, 'precious.txt');
  writeFileSync(victim, 'the user’s own file\n');
  const out = path.join(temp.dir, 'out');
  mkdirSync(out);
  return {
    dir: temp.dir,
    out,
    victim,
    untouched: () => readFileSync(victim, 'utf8') === 'the user’s own file\n',
  };
}

const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('the atomic write itself', () => {
  it('replaces a link planted at the target instead of writing through it', async () => {
    const { out, victim, untouched } = setUp();
    const target = path.join(out, 'notes.txt');
    symlinkSync(victim, target);
    await writeFileAtomic(target, 'new\n');
    expect(untouched()).toBe(true);
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    writeFileAtomicSync(path.join(out, 'sync.txt'), 'sync\n');
    expect(leftovers(out)).toEqual([]);
  });

  it('with overwrite: false keeps an existing file or link, decided by the write (EEXIST)', async () => {
    const { out, victim, untouched } = setUp();
    const existing = path.join(out, 'existing.txt');
    writeFileSync(existing, 'old\n');
    const link = path.join(out, 'link.txt');
    symlinkSync(victim, link);
    const dangling = path.join(out, 'dangling.txt');
    symlinkSync(path.join(out, 'nowhere'), dangling);
    for (const target of [existing, link, dangling]) {
      await expect(writeFileAtomic(target, 'new\n', { overwrite: false })).rejects.toMatchObject({
        code: 'EEXIST',
      });
      expect(() => writeFileAtomicSync(target, 'new\n', { overwrite: false })).toThrow(/EEXIST/);
      await expect(copyFileAtomic(victim, target, { overwrite: false })).rejects.toMatchObject({
        code: 'EEXIST',
      });
    }
    expect(readFileSync(existing, 'utf8')).toBe('old\n');
    expect(untouched()).toBe(true);
    expect(existsSync(path.join(out, 'nowhere'))).toBe(false);
    expect(leftovers(out)).toEqual([]);
    await writeFileAtomic(path.join(out, 'fresh.txt'), 'fresh\n', { overwrite: false });
    expect(readFileSync(path.join(out, 'fresh.txt'), 'utf8')).toBe('fresh\n');
  });

  it('gives the file exactly the mode asked for, whatever the umask', async () => {
    const { out } = setUp();
    const previous = process.umask(0);
    try {
      await writeFileAtomic(path.join(out, 'private.json'), '{}', { mode: 0o600 });
      writeFileAtomicSync(path.join(out, 'private-sync.json'), '{}', { mode: 0o600 });
      await writeFileAtomic(path.join(out, 'shared.json'), '{}');
    } finally {
      process.umask(previous);
    }
    expect(lstatSync(path.join(out, 'private.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(path.join(out, 'private-sync.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(path.join(out, 'shared.json')).mode & 0o777).toBe(0o666);
  });
});

describe('the app’s writers', () => {
  it('session export does not write through a link planted at the old fixed temporary name', () => {
    const { dir, out, victim, untouched } = setUp();
    const sessionsDir = path.join(dir, 'sessions');
    const recorder = new SessionRecorder(sessionsDir, { model: 'm', language: 'en', appVersion: '0' });
    recorder.addDictation(new Float32Array(1600), [{ startMs: 0, endMs: 100, text: 'hello' }]);
    recorder.stop();
    const target = path.join(out, 'session.vtt');
    symlinkSync(victim, `${target}.tmp`);
    const library = new SessionLibrary(sessionsDir, () => null);
    library.exportCaptions(recorder.id, 'vtt', target, false);
    expect(untouched()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('hello');
  });

  it('session export without overwrite keeps an existing file, and with it replaces a link, not its target', () => {
    const { dir, out, victim, untouched } = setUp();
    const sessionsDir = path.join(dir, 'sessions');
    const recorder = new SessionRecorder(sessionsDir, { model: 'm', language: 'en', appVersion: '0' });
    recorder.addDictation(new Float32Array(1600), [{ startMs: 0, endMs: 100, text: 'hello' }]);
    recorder.stop();
    const library = new SessionLibrary(sessionsDir, () => null);
    const target = path.join(out, 'session.srt');
    symlinkSync(path.join(out, 'nowhere.srt'), target);
    expect(() => library.exportCaptions(recorder.id, 'srt', target, false)).toThrow(
      expect.objectContaining({ kind: 'output_exists' }) as AppError,
    );
    expect(existsSync(path.join(out, 'nowhere.srt'))).toBe(false);
    const confirmed = path.join(out, 'confirmed.vtt');
    symlinkSync(victim, confirmed);
    library.exportCaptions(recorder.id, 'vtt', confirmed, true);
    expect(untouched()).toBe(true);
    expect(readFileSync(confirmed, 'utf8')).toContain('hello');
  });

  it('a job export never replaces an entry already at the name (not even a dangling link)', async () => {
    const { out } = setUp();
    symlinkSync(path.join(out, 'elsewhere.vtt'), path.join(out, 'talk.vtt'));
    const [written] = await writeOutputs(
      '/audio/talk.wav',
      [{ startMs: 0, endMs: 500, text: 'hi' }],
      ['vtt'],
      {
        outDir: out,
      },
    );
    expect(written).toMatchObject({ path: path.join(out, 'talk (2).vtt'), renamed: true });
    expect(lstatSync(path.join(out, 'talk.vtt')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(out, 'elsewhere.vtt'))).toBe(false);
  });

  it('the models state file is not written through a link at its old fixed temporary name', async () => {
    const { out, victim, untouched } = setUp();
    symlinkSync(victim, path.join(out, 'models-state.json.tmp'));
    await new ModelStore(out, []).clearActive();
    expect(untouched()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'models-state.json'), 'utf8'))).toEqual({
      version: 1,
      active: null,
    });
  });

  it('the session WAV is never opened through a link', () => {
    const { out, victim, untouched } = setUp();
    const wav = path.join(out, 'audio.wav');
    symlinkSync(victim, wav);
    expect(() => new GrowingWav(wav).append(new Float32Array(160))).toThrow(/ELOOP/);
    expect(untouched()).toBe(true);
  });
});

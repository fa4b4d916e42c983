// Owner-only files on real disks: settings.json (it holds the event API token), the SQLite database and
// its -wal/-shm files, kept audio and recorded sessions are 0600 in 0700 folders, whether the app
// creates them or finds them left wider by an older version (fixed at start).
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAudio, keptAudioDir, listKeptAudio } from '../../src/services/dictation/kept-audio.js';
import { appPaths } from '../../src/services/app-paths.js';
import { repairSessions } from '../../src/services/recording/session-repair.js';
import { SessionRecorder } from '../../src/services/recording/session-recorder.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { openDatabase } from '../../src/services/storage/database.js';
import { makeTempDir } from '../helpers/fixtures.js';

const posix = process.platform !== 'win32';
const temps: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const temp of temps.splice(0)) temp.cleanup();
});

function dataDir(): string {
  const temp = makeTempDir('dictation-modes-');
  temps.push(temp);
  return path.join(temp.dir, 'Dictation');
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every file and folder under `dir` (and `dir`), with its mode. */
function modesUnder(dir: string): Record<string, number> {
  const out: Record<string, number> = { '.': modeOf(dir) };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = modeOf(full);
  }
  return out;
}

const allPrivate = (modes: Record<string, number>, dirs: string[]) =>
  Object.fromEntries(Object.keys(modes).map((name) => [name, dirs.includes(name) ? 0o700 : 0o600]));

describe.skipIf(!posix)('owner-only files (POSIX modes)', () => {
  it('settings.json and its folder, when created and when an older version left them 0644/0755', async () => {
    const paths = appPaths(dataDir());
    const store = await SettingsStore.open({ file: paths.settingsFile });
    await store.update({ integrations: { eventApiToken: 'a-token-long-enough-to-be-accepted-1234' } });
    expect(modeOf(paths.settingsFile)).toBe(0o600);
    expect(modeOf(paths.dataDir)).toBe(0o700);

    chmodSync(paths.settingsFile, 0o644);
    chmodSync(paths.dataDir, 0o755);
    await SettingsStore.open({ file: paths.settingsFile });
    expect(modeOf(paths.settingsFile)).toBe(0o600);
    expect(modeOf(paths.dataDir)).toBe(0o700);
  });

  it('the database with its -wal and -shm files, new and left wider', () => {
    const paths = appPaths(dataDir());
    const db = openDatabase(paths.databaseFile);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('private words')");
    for (const part of ['', '-wal', '-shm'])
      expect(modeOf(paths.databaseFile + part), part || 'db').toBe(0o600);
    expect(modeOf(paths.dataDir)).toBe(0o700);
    db.close();

    for (const part of ['', '-wal', '-shm']) {
      writeFileSync(paths.databaseFile + part, '', { flag: 'a' });
      chmodSync(paths.databaseFile + part, 0o644);
    }
    const reopened = openDatabase(paths.databaseFile);
    reopened.exec("INSERT INTO t VALUES ('more')");
    for (const part of ['', '-wal', '-shm'])
      expect(modeOf(paths.databaseFile + part), part || 'db').toBe(0o600);
    reopened.close();
  });

  it('kept audio, when kept and when found at start with wider modes', async () => {
    const paths = appPaths(dataDir());
    const file = await keepAudio(paths.dataDir, 'session-1234', new Float32Array(1600));
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(keptAudioDir(paths.dataDir))).toBe(0o700);

    chmodSync(file, 0o644);
    chmodSync(keptAudioDir(paths.dataDir), 0o755);
    expect(await listKeptAudio(paths.dataDir)).toEqual([file]);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(keptAudioDir(paths.dataDir))).toBe(0o700);
  });

  it('recorded sessions, when recorded and when found at start with wider modes; links are not followed', () => {
    const paths = appPaths(dataDir());
    const recorder = new SessionRecorder(paths.sessionsDir, { model: 'm', language: 'en', appVersion: '0' });
    recorder.addDictation(new Float32Array(16000), [{ startMs: 0, endMs: 500, text: 'words' }]);
    recorder.stop();
    const folder = path.relative(paths.sessionsDir, recorder.dir);
    const modes = modesUnder(paths.sessionsDir);
    expect(modes).toEqual(allPrivate(modes, ['.', folder]));

    for (const name of Object.keys(modes)) {
      chmodSync(path.join(paths.sessionsDir, name), name === '.' || name === folder ? 0o755 : 0o644);
    }
    // A link in the folder to a file outside it: its target keeps its mode.
    const outside = path.join(paths.dataDir, 'shared-notes.txt');
    writeFileSync(outside, 'not the app’s\n', { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, path.join(recorder.dir, 'notes.txt'));
    mkdirSync(path.join(paths.sessionsDir, 'empty-folder'), { mode: 0o755 });
    chmodSync(path.join(paths.sessionsDir, 'empty-folder'), 0o755);

    expect(repairSessions(paths.sessionsDir)).toEqual([]);
    const after = modesUnder(paths.sessionsDir);
    delete after[path.join(folder, 'notes.txt')];
    expect(after).toEqual(allPrivate(after, ['.', folder, 'empty-folder']));
    expect(modeOf(outside)).toBe(0o644);
  });
});

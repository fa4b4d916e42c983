// Damaged data from an earlier run never stops the app: a dictation.db that is garbage or a truncated
// copy is moved aside and the app starts with an empty one (told in the window and in a structured
// log line); a damaged recorded session is reported on its own while the others are repaired and the
// event API still starts. Real SQLite, the real runtime, the real engine with the micro model.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { createAppRuntime } from '../../src/main/app/create-app-runtime.js';
import { appPaths } from '../../src/services/app-paths.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { openCheckedDatabase } from '../../src/services/storage/database-check.js';
import { openDatabase } from '../../src/services/storage/database.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { seedSession, startSessionsApp } from '../helpers/sessions-app.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temp(): string {
  const t = makeTempDir('dictation-damaged-');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A logger whose JSON lines the test reads. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A real history database of about 1 MB: the app's schema, 400 dictations. */
function realDatabase(file: string): void {
  const db = openDatabase(file);
  const history = new HistoryStore(db);
  for (let k = 0; k < 400; k++)
    history.add({ text: `dictation ${k} ${'words '.repeat(300)}`, durationMs: 1000, model: 'm' });
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}

const damagedFiles = {
  'garbage bytes': (file: string) => writeFileSync(file, Buffer.alloc(64 * 1024, 'not a database ')),
  'a truncated real database': (file: string) => {
    realDatabase(file);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(500_000);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  },
};

describe('a damaged dictation.db', () => {
  for (const [name, damage] of Object.entries(damagedFiles)) {
    it(`${name}: moved aside with its -wal and -shm, an empty database in its place`, () => {
      const file = path.join(temp(), 'dictation.db');
      damage(file);
      writeFileSync(`${file}-wal`, '');
      const before = readFileSync(file);
      const { logger, lines } = capturingLogger();
      const checked = openCheckedDatabase(file, { logger, now: () => new Date('2026-12-02T05:00:00Z') });
      const to = `${file}.corrupt-2026-12-02T05-00-00-000Z`;
      expect(checked.movedAside).toMatchObject({ from: file, to });
      expect(checked.movedAside?.message).toContain(`was moved to ${to}`);
      expect(readFileSync(to).equals(before)).toBe(true);
      expect(existsSync(`${to}-wal`)).toBe(true);
      expect(new HistoryStore(checked.db).count()).toBe(0);
      checked.db.close();
      expect(lines.find((l) => l['event'] === 'database_moved_aside')).toMatchObject({
        level: 50,
        from: file,
        to,
        reason: expect.stringMatching(/not a database|malformed|quick check/),
      });
    });
  }

  it('a healthy database is opened as it is (nothing moved), and so is a missing one', () => {
    const dir = temp();
    const file = path.join(dir, 'dictation.db');
    realDatabase(file);
    const checked = openCheckedDatabase(file);
    expect(checked.movedAside).toBeNull();
    expect(new HistoryStore(checked.db).count()).toBe(400);
    checked.db.close();
    const fresh = openCheckedDatabase(path.join(dir, 'new.db'));
    expect(fresh.movedAside).toBeNull();
    fresh.db.close();
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('the app starts on garbage in dictation.db and tells the user what was moved where (real runtime)', async () => {
    const dataDir = temp();
    const paths = appPaths(dataDir);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(paths.settingsFile, JSON.stringify({ speech: { model: fixtures.microModel } }));
    damagedFiles['garbage bytes'](paths.databaseFile);
    const { logger, lines } = capturingLogger();
    const runtime = await createAppRuntime({
      paths,
      logger,
      startEngineChannel: () => forkEngineChannel(),
      listDevices: () => [],
      env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
      jobs: false,
    });
    cleanups.push(() =>
      runtime.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 }).then(() => undefined),
    );
    const notices: string[] = [];
    runtime.core.subscribe((event) => {
      if (event.type === 'notice') notices.push(event.message);
    });
    const announced = runtime.announceStartupProblems();
    expect(announced).toHaveLength(1);
    const aside = readdirSync(dataDir).find((n) => n.startsWith('dictation.db.corrupt-'));
    expect(aside).toBeDefined();
    expect(announced[0]).toContain(path.join(dataDir, aside ?? ''));
    expect(announced[0]).toMatch(/history and file jobs start empty/);
    expect(announced[0]).not.toMatch(/disk/);
    expect(notices).toEqual(announced);
    expect(lines.some((l) => l['event'] === 'database_moved_aside')).toBe(true);
    const history = await runtime.core.handle({ type: 'history_list' });
    expect(history.ok && (history.payload as { entries: unknown[] }).entries).toEqual([]);
    expect(statSync(paths.databaseFile).size).toBeGreaterThan(0);
  });
});

describe('damaged recorded sessions at start (real runtime, engine and micro model)', () => {
  it('are reported one by one; the others are repaired and listed; the event API starts', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const seeded: { good: string; audioIsFolder: string; badMeta: string; notJson: string } = {
      good: '',
      audioIsFolder: '',
      badMeta: '',
      notJson: '',
    };
    const app = await startSessionsApp({
      integrations: { eventApiEnabled: true, eventApiPort: port },
      seed: (dir) => {
        const folderOf = (id: string) =>
          path.join(dir, readdirSync(dir).find((n) => n.endsWith(id.slice(0, 8))) ?? id);
        const one = [{ seconds: 1, offsetMs: 0, speechMs: 800, text: 'kept' }];
        seeded.good = seedSession(dir, one, { stop: false });
        // Unreadable audio: audio.wav is a folder (open fails with EISDIR), in an unfinished session.
        seeded.audioIsFolder = seedSession(dir, one, { stop: false });
        const folderAudio = path.join(folderOf(seeded.audioIsFolder), 'audio.wav');
        rmSync(folderAudio);
        mkdirSync(folderAudio);
        // A session.json that is JSON but not a session (no uuid, no times).
        seeded.badMeta = seedSession(dir, one, { stop: false });
        writeFileSync(
          path.join(folderOf(seeded.badMeta), 'session.json'),
          JSON.stringify({ id: 'x', dictations: -1 }),
        );
        // A session.json cut off mid-write.
        seeded.notJson = seedSession(dir, one, { stop: false });
        writeFileSync(path.join(folderOf(seeded.notJson), 'session.json'), '{"id": "');
      },
    });
    cleanups.push(() => app.close());
    const notices = app.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    const damagedNotice = notices.find((m) => m.includes('damaged and were left as they are'));
    expect(damagedNotice, notices.join('\n')).toBeDefined();
    // Named by their folders (<start time>-<first 8 of the id>).
    for (const id of [seeded.audioIsFolder, seeded.badMeta, seeded.notJson])
      expect(damagedNotice).toContain(`-${id.slice(0, 8)}`);
    expect(damagedNotice).not.toContain(seeded.good.slice(0, 8));
    expect(notices.some((m) => m.startsWith('1 recorded session(s) from an earlier run were repaired'))).toBe(
      true,
    );

    const listed = await app.runtime.core.handle({ type: 'sessions_list' });
    expect(listed.ok, JSON.stringify(listed)).toBe(true);
    const sessions = listed.ok
      ? (listed.payload as { sessions: { id: string; recovered: boolean }[] }).sessions
      : [];
    expect(sessions.map((s) => [s.id, s.recovered])).toEqual([[seeded.good, true]]);

    // The event API is up: an upgrade with a wrong token is answered (401), not refused.
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=wrong-token-wrong-token`);
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => resolve(101));
      ws.once('error', reject);
    });
    expect(status).toBe(401);
  });
});

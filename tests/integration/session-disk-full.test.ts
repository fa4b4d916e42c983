// A full disk and the 4 GiB WAV limit while a session is recorded. The disk is a real tmpfs of a few
// hundred KiB mounted for the test (root only; skipped with the reason elsewhere); the 4 GiB case
// uses a sparse file (no real 4 GiB written) and an injected limit.
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { GrowingWav, WAV_MAX_DATA_BYTES } from '../../src/services/recording/growing-wav.js';
import { SessionRecorder } from '../../src/services/recording/session-recorder.js';
import { listSessions, repairSessions } from '../../src/services/recording/session-repair.js';
import { AppError } from '../../src/shared/errors.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { startSessionsApp } from '../helpers/sessions-app.js';
import { mountTmpfs } from '../helpers/tmpfs.js';
import { collectUncaught } from '../helpers/uncaught-trap.js';
import { createFileLogger } from '../../src/services/logging/logger.js';

const SR = 16000;
const temp = makeTempDir('dictation-disk-full-');
const disk = path.join(temp.dir, 'small-disk');
mkdirSync(disk);
const tmpfs = mountTmpfs(disk, 256);
afterAll(() => {
  if ('unmount' in tmpfs) tmpfs.unmount();
  temp.cleanup();
});
if ('skip' in tmpfs) console.log(`[session-disk-full] skipped: ${tmpfs.skip}`);

/** Bytes of a 1.3 s block of 16-bit samples: not a whole number of 4 KiB pages. */
const BLOCK = Math.round(1.3 * SR) * 2;
const tone = (seconds: number, k = 0) =>
  new Float32Array(Math.round(seconds * SR)).map((_, i) => 0.25 * Math.sin(i / (5 + k)));

/** The header's data size, and what the file holds after the header. */
function wavSizes(file: string): { header: number; riff: number; onDisk: number } {
  const bytes = readFileSync(file);
  return { header: bytes.readUInt32LE(40), riff: bytes.readUInt32LE(4), onDisk: bytes.length - 44 };
}

function expectConsistent(file: string): number {
  const { header, riff, onDisk } = wavSizes(file);
  expect(header, `${file}: header data size vs bytes on disk`).toBe(onDisk);
  expect(riff).toBe(36 + onDisk);
  return onDisk;
}

describe.skipIf('skip' in tmpfs)('a full disk while recording (real tmpfs)', () => {
  // Each test starts with the small disk empty again.
  afterEach(() => {
    for (const name of readdirSync(disk)) rmSync(path.join(disk, name), { recursive: true, force: true });
  });

  it('the WAV writer takes what fits, cuts a torn append back off, keeps its header true and closes', () => {
    const file = path.join(disk, 'alone.wav');
    const wav = new GrowingWav(file);
    let appended = 0;
    let failure: unknown = null;
    // 1.3 s blocks (41,600 bytes) are not page-sized: the append that meets the end of the disk is
    // written in part (a short write) before the disk refuses more.
    for (let k = 0; k < 50 && failure === null; k++) {
      try {
        wav.append(tone(1.3, k));
        appended++;
      } catch (error) {
        failure = error;
      }
    }
    expect(appended).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).kind).toBe('disk_full');
    expect((failure as AppError).message).toMatch(/disk is full, so the session recording stopped/);
    expect((failure as AppError).hint).toMatch(/Free some disk space/);
    expect(expectConsistent(file)).toBe(appended * BLOCK);
    expect(wav.closed).toBe(true);
    expect(() => wav.append(tone(0.1))).toThrow(/closed/);
  });

  it('the recorder stops cleanly: audio and header agree, the next start repairs and lists it, a new session can start', async () => {
    const sessionsDir = path.join(disk, 'sessions');
    const recorder = new SessionRecorder(sessionsDir, { model: 'm', language: 'en', appVersion: '0' });
    const dir = recorder.dir;
    let recorded = 0;
    let failure: unknown = null;
    for (let k = 0; k < 50 && failure === null; k++) {
      try {
        recorder.addDictation(tone(1.3, k), [{ startMs: 100, endMs: 900, text: `dictation ${k}` }]);
        recorded++;
      } catch (error) {
        failure = error;
      }
    }
    expect(recorded).toBeGreaterThan(0);
    expect((failure as AppError).kind).toBe('disk_full');
    expect(recorder.stopped).toBe(true);
    expect(() => recorder.addDictation(tone(0.1), [])).toThrow(/has stopped/);

    const audioFile = path.join(dir, 'audio.wav');
    const onDisk = expectConsistent(audioFile);
    // Whole dictations only: the one that did not fit is not in the file, or is there whole (when the
    // audio fitted and the captions file did not).
    expect([recorded, recorded + 1].map((n) => n * BLOCK)).toContain(onDisk);
    const samples = await readAudioFile(audioFile);
    expect(samples.length).toBe(onDisk / 2);

    // The next start: nothing throws, the session is listed with an end time and its captions parse.
    repairSessions(sessionsDir);
    const [session] = listSessions(sessionsDir);
    expect(session?.dir).toBe(dir);
    expect(session?.endedAt).not.toBeNull();
    expectConsistent(audioFile);
    const cues = parseVttStrict(readFileSync(path.join(dir, 'captions.vtt'), 'utf8'));
    expect(cues.length).toBe(recorded);
    expect(repairSessions(sessionsDir)).toEqual([]);

    // With room again, the next dictation records into a fresh session.
    rmSync(dir, { recursive: true });
    const next = new SessionRecorder(sessionsDir, { model: 'm', language: 'en', appVersion: '0' });
    next.addDictation(tone(1), [{ startMs: 0, endMs: 500, text: 'again' }]);
    next.stop();
    expect(expectConsistent(path.join(next.dir, 'audio.wav'))).toBe(SR * 2);
  });
});

describe.skipIf('skip' in tmpfs)(
  'a full disk while the app records sessions (real runtime, engine and micro model)',
  () => {
    it('tells the user once per dictation, keeps delivering the text, and records a new session once there is room', async () => {
      let small: ReturnType<typeof mountTmpfs> | null = null;
      const app = await startSessionsApp({
        integrations: { recordSessions: true },
        // The sessions folder alone is the small disk: settings and database stay on the real one.
        seed: (sessionsDir) => {
          small = mountTmpfs(sessionsDir, 160);
        },
      });
      const unmount = () => {
        if (small && 'unmount' in small) small.unmount();
        small = null;
      };
      try {
        expect(small && 'unmount' in small, 'tmpfs mounted on the sessions folder').toBe(true);
        const failures = () =>
          app.events.filter(
            (e) => e.type === 'notice' && e.message.startsWith('The session recording failed'),
          );
        await app.dictate(); // about 3 s of audio (96 KB): fits
        expect(failures()).toEqual([]);
        await app.dictate(); // does not fit: one notice, the recorder stops
        await app.dictate(); // a new session starts, does not fit either: one more notice, no loop
        expect(failures()).toHaveLength(2);
        expect(failures()[0]).toMatchObject({
          message: expect.stringMatching(/disk is full, so the session recording stopped/),
          hint: expect.stringMatching(/Free some disk space/),
        });
        // Every dictation still reached history.
        const history = await app.runtime.core.handle({ type: 'history_list' });
        expect(history.ok && (history.payload as { entries: unknown[] }).entries).toHaveLength(3);

        const listed = listSessions(app.paths.sessionsDir);
        for (const session of listed) expectConsistent(session.audioFile);
        const first = listed.find((s) => s.dictations === 1);
        expect(first).toBeDefined();
        // Room again (the user deletes the first session): the next dictation is recorded.
        const deleted = await app.runtime.core.handle({ type: 'session_delete', sessionId: first?.id ?? '' });
        expect(deleted.ok, JSON.stringify(deleted)).toBe(true);
        await app.dictate();
        expect(failures()).toHaveLength(2);
        const recording = listSessions(app.paths.sessionsDir).find((s) => s.dictations === 1);
        expect(recording?.endedAt).toBeNull();
        expectConsistent(recording?.audioFile ?? '');

        // The next start finds every session readable and consistent.
        const off = await app.runtime.core.handle({
          type: 'settings_update',
          patch: { integrations: { recordSessions: false } },
        });
        expect(off.ok).toBe(true);
        repairSessions(app.paths.sessionsDir);
        for (const session of listSessions(app.paths.sessionsDir)) {
          expect(session.endedAt).not.toBeNull();
          expectConsistent(session.audioFile);
        }
      } finally {
        unmount();
        await app.close();
      }
    });
  },
);

describe.skipIf('skip' in tmpfs)(
  'the whole data folder on a small disk (database, logs, sessions; real runtime, engine, micro model)',
  () => {
    it('no uncaught errors, the user told, the WAV true to its header, and the next start is clean', async () => {
      const dataDir = path.join(temp.dir, 'data-on-small-disk');
      mkdirSync(dataDir);
      const small = mountTmpfs(dataDir, 900);
      if (!('unmount' in small)) throw new Error(small.skip);
      const stderr: string[] = [];
      try {
        const logs = path.join(dataDir, 'logs');
        const fileLogger = await createFileLogger(logs, 'app', {
          fallback: { write: (l: string) => stderr.push(l) },
        });
        let app: Awaited<ReturnType<typeof startSessionsApp>> | null = null;
        const notices: { message: string }[] = [];
        const escaped = await collectUncaught(async () => {
          app = await startSessionsApp({
            integrations: { recordSessions: true },
            dataDir,
            logger: fileLogger.logger,
          });
          // Until the disk is full and a few more: every dictation is delivered all the same.
          let full = false;
          for (let k = 0; k < 30 && !full; k++) {
            await app.dictate();
            full = app.events.some((e) => e.type === 'notice' && /disk is full/.test(e.message));
          }
          expect(full, 'the disk filled up').toBe(true);
          for (let k = 0; k < 3; k++) await app.dictate();
          for (const e of app.events) if (e.type === 'notice') notices.push(e);
          await app.runtime.shutdown({ reason: 'test', utteranceWaitMs: 100 });
          await fileLogger.close();
        }, 500);
        expect(escaped.map((e) => e.message)).toEqual([]);
        // Told, and not in a loop: at most one notice per dictation.
        expect(notices.length).toBeGreaterThan(0);
        expect(notices.length).toBeLessThanOrEqual(34 * 2);
        expect(notices.some((n) => /disk is full, so the session recording stopped/.test(n.message))).toBe(
          true,
        );
        // If the log file met the full disk, the fallback said so once.
        expect(stderr.filter((l) => l.includes('"log_file_failed"')).length).toBeLessThanOrEqual(1);
        for (const session of listSessions(path.join(dataDir, 'sessions')))
          expectConsistent(session.audioFile);

        // The next start on the same (still full) disk: nothing damaged, nothing to repair, it serves.
        const next = await startSessionsApp({ integrations: { recordSessions: true }, dataDir });
        try {
          const said = next.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
          expect(said.filter((m) => /damaged|repaired|cannot be read/.test(m))).toEqual([]);
          expect(next.runtime.announceStartupProblems()).toEqual([]);
          const listed = await next.runtime.core.handle({ type: 'sessions_list' });
          expect(listed.ok, JSON.stringify(listed)).toBe(true);
          const history = await next.runtime.core.handle({ type: 'history_list' });
          expect(history.ok, JSON.stringify(history)).toBe(true);
        } finally {
          await next.runtime.shutdown({ reason: 'test', utteranceWaitMs: 100 });
        }
        for (const session of listSessions(path.join(dataDir, 'sessions'))) {
          expect(session.endedAt).not.toBeNull();
          expectConsistent(session.audioFile);
        }
      } finally {
        small.unmount();
      }
    });
  },
);

describe('the 4 GiB limit of a WAV file', () => {
  it('is refused with a message before the header would overflow (a sparse file just under the limit)', () => {
    const file = path.join(temp.dir, 'nearly-full.wav');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 44 + WAV_MAX_DATA_BYTES - 16000); // sparse: takes no real space
    closeSync(fd);
    const wav = new GrowingWav(file);
    expect(wav.fits(8000)).toBe(true);
    expect(wav.fits(SR)).toBe(false);
    expect(() => wav.append(tone(1))).toThrow(
      expect.objectContaining({
        kind: 'io',
        message: expect.stringMatching(/cannot grow past 4\.0 GiB/),
      }) as AppError,
    );
    // Nothing was written past what the header can describe.
    expect(statSync(file).size).toBe(44 + WAV_MAX_DATA_BYTES - 16000);
    wav.close();
    rmSync(file);
  });

  it('the recorder rolls over into a new session before the limit (injected: 2.5 s per WAV)', () => {
    const sessionsDir = path.join(temp.dir, 'rollover');
    const recorder = new SessionRecorder(
      sessionsDir,
      { model: 'm', language: 'en', appVersion: '0' },
      { maxAudioBytes: 2.5 * SR * 2 },
    );
    const first = recorder.id;
    const results = [0, 1, 2].map((k) =>
      recorder.addDictation(tone(1, k), [{ startMs: 0, endMs: 800, text: `part ${k}` }]),
    );
    expect(results.map((r) => r.rolledOverFrom)).toEqual([null, null, first]);
    expect(recorder.id).not.toBe(first);
    recorder.stop();
    const sessions = listSessions(sessionsDir);
    expect(sessions).toHaveLength(2);
    for (const session of sessions) {
      expect(session.endedAt).not.toBeNull();
      expectConsistent(session.audioFile);
    }
    const older = sessions.find((s) => s.id === first);
    const newer = sessions.find((s) => s.id !== first);
    expect(older?.dictations).toBe(2);
    expect(newer?.dictations).toBe(1);
    const cues = parseVttStrict(readFileSync(newer?.captionsFile ?? '', 'utf8'));
    expect(cues).toMatchObject([{ startMs: 0, endMs: 800, text: 'part 2' }]);
  });
});

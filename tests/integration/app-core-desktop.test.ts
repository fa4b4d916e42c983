import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppCore } from '../../src/main/app/create-app-core.js';
import { ObservableHistory } from '../../src/services/history/observable-history.js';
import type { DesktopPort } from '../../src/services/desktop/desktop-port.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { openDatabase } from '../../src/services/storage/database.js';
import type { AppResponse } from '../../src/shared/app-protocol.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeSpeechClips } from '../helpers/jobs.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The window's desktop requests (pick_files, open_path, show_in_folder) through the real app core and a
// real job queue (not started: the jobs only need to exist). The desktop itself is a recording stand-in
// for Electron's dialog and shell, which cannot run here; the headless case has no desktop at all.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(desktop?: DesktopPort) {
  const temp = makeTempDir('dictation-desktop-');
  cleanups.push(temp.cleanup);
  const paths = appPaths(temp.dir);
  const logger = silentLogger();
  const db = openDatabase(paths.databaseFile);
  cleanups.push(() => db.close());
  const jobs = new JobQueue({ db, logger, defaults: () => ({ modelPath: fixtures.vocabOnlyModel }) });
  cleanups.push(() => jobs.close());
  const core = createAppCore({
    paths,
    logger,
    dictation: new UnavailableDictation('no microphone in this test.'),
    settings: await SettingsStore.open({ file: paths.settingsFile, logger }),
    history: new ObservableHistory(new HistoryStore(db, { logger })),
    jobs,
    ...(desktop ? { desktop } : {}),
  });
  cleanups.push(() => core.close());
  const [clip] = await writeSpeechClips(path.join(temp.dir, 'audio'), 1);
  await jobs.add([clip as string]);
  return { core, jobs, clip: clip as string, dir: temp.dir };
}

const errorOf = (response: AppResponse) => (response.ok ? null : response.error);

describe('desktop requests', () => {
  it('open and reveal only the files of jobs; pick files through the dialog', async () => {
    const calls: string[] = [];
    const { core, clip } = await setUp({
      pickFiles: () => Promise.resolve(['/home/me/talk.mp3']),
      openPath: (file) => {
        calls.push(`open ${file}`);
        return Promise.resolve();
      },
      showInFolder: (file) => {
        calls.push(`show ${file}`);
      },
    });
    expect(await core.handle({ type: 'pick_files' })).toEqual({
      ok: true,
      payload: { paths: ['/home/me/talk.mp3'] },
    });
    expect((await core.handle({ type: 'open_path', path: clip })).ok).toBe(true);
    expect((await core.handle({ type: 'show_in_folder', path: clip })).ok).toBe(true);
    // A page must not make the desktop open an arbitrary program by naming it.
    const refused = errorOf(await core.handle({ type: 'open_path', path: '/bin/sh' }));
    expect(refused?.kind).toBe('forbidden');
    expect(refused?.message).toContain('/bin/sh');
    expect(calls).toEqual([`open ${clip}`, `show ${clip}`]);
  });

  it('open only audio, video and transcript files: not a script or launcher that was accepted as a job', async () => {
    const calls: string[] = [];
    const { core, jobs, clip, dir } = await setUp({
      pickFiles: () => Promise.resolve([]),
      openPath: (file) => {
        calls.push(`open ${file}`);
        return Promise.resolve();
      },
      showInFolder: (file) => {
        calls.push(`show ${file}`);
      },
    });
    // Job sources are accepted for their content: a file that starts like audio is one, whatever its name.
    const hostile = path.join(dir, 'hostile');
    mkdirSync(hostile);
    const script = path.join(hostile, 'run.sh');
    writeFileSync(
      script,
      Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00\n'), Buffer.from('touch /tmp/owned\n')]),
    );
    const launcher = path.join(hostile, 'player.desktop');
    copyFileSync(clip, launcher);
    const disguised = path.join(hostile, 'talk.mp3');
    symlinkSync(script, disguised);
    const added = await jobs.add([script, launcher, disguised]);
    expect(added.rejected).toEqual([]);
    for (const file of [script, launcher, disguised]) {
      const refused = errorOf(await core.handle({ type: 'open_path', path: file }));
      expect(refused?.kind, file).toBe('forbidden');
      expect(refused?.message).toMatch(/is not an audio, video or transcript file/);
    }
    // Revealing a job's file in its folder runs nothing, so it stays allowed.
    expect((await core.handle({ type: 'show_in_folder', path: script })).ok).toBe(true);
    expect((await core.handle({ type: 'open_path', path: clip })).ok).toBe(true);
    expect(calls).toEqual([`show ${script}`, `open ${clip}`]);
  });

  it('say clearly that the headless app has no desktop', async () => {
    const { core, clip } = await setUp();
    for (const request of [
      { type: 'pick_files' },
      { type: 'open_path', path: clip },
      { type: 'show_in_folder', path: clip },
    ]) {
      const error = errorOf(await answerRawRequest(core, request));
      expect(error?.kind).toBe('unavailable');
      expect(error?.hint).toContain('Only the desktop app can do this');
    }
  });
});

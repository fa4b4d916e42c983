import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppCore, type AppCore } from '../../src/main/app/create-app-core.js';
import { ObservableHistory } from '../../src/services/history/observable-history.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { APP_PROTOCOL_VERSION } from '../../src/shared/app-ipc.js';
import type { AppEvent, AppResponse } from '../../src/shared/app-protocol.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The app core over the real services: a settings file, the SQLite history, the job queue and the model
// manager, all in a temporary data folder. No dictation pipeline here (renderer-dictation.test.ts has one).
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(withServices = false) {
  const temp = makeTempDir('dictation-core-');
  cleanups.push(temp.cleanup);
  const paths = appPaths(temp.dir);
  const logger = silentLogger();
  const settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  const db: Database = openDatabase(paths.databaseFile);
  cleanups.push(() => db.close());
  const history = new ObservableHistory(new HistoryStore(db, { logger }));
  const extra: { jobs?: JobQueue; models?: ModelManager } = {};
  if (withServices) {
    extra.jobs = new JobQueue({ db, logger });
    extra.models = new ModelManager({ modelsDir: paths.modelsDir, logger });
    const jobs = extra.jobs;
    cleanups.push(() => jobs.close());
  }
  const core: AppCore = createAppCore({
    paths,
    logger,
    dictation: new UnavailableDictation('no microphone in this test.'),
    settings,
    history,
    ...extra,
  });
  cleanups.push(() => core.close());
  const events: AppEvent[] = [];
  core.subscribe((event) => events.push(event));
  return { core, settings, history, paths, events };
}

function payload<T>(response: AppResponse): T {
  if (!response.ok) throw new Error(`request failed: ${JSON.stringify(response.error)}`);
  return response.payload as T;
}

describe('app core', () => {
  it('reports its state: protocol, idle dictation, the settings in effect and which services it has', async () => {
    const { core, settings } = await setUp();
    const state = payload<Record<string, unknown>>(await core.handle({ type: 'get_state' }));
    expect(state).toMatchObject({
      protocolVersion: APP_PROTOCOL_VERSION,
      dictation: { phase: 'idle' },
      lastTranscript: null,
      settings: settings.get(),
      settingsWarnings: [],
      features: { jobs: false, models: false, clipboard: false, devices: false },
    });
    expect(core.protocolVersion).toBe(APP_PROTOCOL_VERSION);
  });

  it('refuses malformed requests and reports what a service cannot do, without stacks', async () => {
    const { core } = await setUp();
    for (const bad of [null, 'get_state', { type: 'nope' }, { type: 'history_delete', id: '' }]) {
      const response = await answerRawRequest(core, bad);
      expect(response).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    }
    const start = await answerRawRequest(core, { type: 'dictation_start' });
    expect(start).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: expect.stringContaining('no microphone') },
    });
    for (const request of [
      { type: 'copy_text', text: 'hi' },
      { type: 'jobs', command: { type: 'list' } },
      { type: 'models', command: { type: 'list', timestamp: 1 } },
      { type: 'devices_list' },
    ]) {
      const response = await answerRawRequest(core, request);
      expect(response).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
      if (!response.ok) expect(response.error.detail).toBeUndefined();
    }
  });

  it('saves settings through the shared schema, announces them, and refuses an invalid change', async () => {
    const { core, settings, paths, events } = await setUp();
    const saved = payload<{ vad: { silenceMs: number } }>(
      await core.handle({ type: 'settings_update', patch: { vad: { autoStop: true, silenceMs: 900 } } }),
    );
    expect(saved.vad.silenceMs).toBe(900);
    expect(JSON.parse(readFileSync(paths.settingsFile, 'utf8')).vad).toMatchObject({
      autoStop: true,
      silenceMs: 900,
    });
    expect(events.filter((e) => e.type === 'settings_changed')).toHaveLength(1);

    const refused = await core.handle({
      type: 'settings_update',
      patch: { hotkeys: { hold: 'F8', cancel: 'F8' } },
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'settings_invalid' } });
    expect(settings.get().hotkeys.cancel).toBe('Escape');
    expect(events.filter((e) => e.type === 'settings_changed')).toHaveLength(1);
  });

  it('lists, searches, deletes and clears the real history, announcing each change', async () => {
    const { core, history, events } = await setUp();
    const a = history.add({
      text: 'Budget meeting on Monday',
      durationMs: 1000,
      model: 'm',
      createdAt: 1_000,
    });
    history.add({ text: 'Kubernetes upgrade checklist', durationMs: 1000, model: 'm', createdAt: 2_000 });
    history.add({ text: 'Monday standup notes', durationMs: 1000, model: 'm', createdAt: 3_000 });
    const texts = async (request: object) =>
      payload<{ entries: { text: string }[] }>(await answerRawRequest(core, request)).entries.map(
        (e) => e.text,
      );

    expect(await texts({ type: 'history_list' })).toEqual([
      'Monday standup notes',
      'Kubernetes upgrade checklist',
      'Budget meeting on Monday',
    ]);
    expect(await texts({ type: 'history_search', query: 'monday' })).toEqual([
      'Monday standup notes',
      'Budget meeting on Monday',
    ]);
    expect(await texts({ type: 'history_search', query: 'kube' })).toEqual(['Kubernetes upgrade checklist']);
    const page = payload<{ entries: unknown[]; nextCursor?: string }>(
      await core.handle({ type: 'history_list', limit: 2 }),
    );
    expect(page.entries).toHaveLength(2);
    expect(await texts({ type: 'history_list', limit: 2, cursor: page.nextCursor })).toEqual([
      'Budget meeting on Monday',
    ]);

    expect(payload(await core.handle({ type: 'history_delete', id: a.id }))).toEqual({ deleted: true });
    expect(payload(await core.handle({ type: 'history_delete', id: a.id }))).toEqual({ deleted: false });
    expect(payload(await core.handle({ type: 'history_clear' }))).toEqual({ deleted: 2 });
    expect(await texts({ type: 'history_list' })).toEqual([]);
    const changes = events.flatMap((e) => (e.type === 'history_changed' ? [e.reason] : []));
    expect(changes).toEqual(['added', 'added', 'added', 'deleted', 'cleared']);
  });

  it('passes job and model commands to the real queue and model manager, and forwards their events', async () => {
    const { core, events } = await setUp(true);
    const state = payload<{ features: object }>(await core.handle({ type: 'get_state' }));
    expect(state.features).toMatchObject({ jobs: true, models: true });

    const listed = payload<{ type: string; jobs: unknown[] }>(
      await core.handle({ type: 'jobs', command: { type: 'list' } }),
    );
    expect(listed).toMatchObject({ type: 'list', jobs: [] });
    const added = payload<{ rejected: { path: string }[] }>(
      await core.handle({
        type: 'jobs',
        command: {
          type: 'add_files',
          paths: ['/nowhere/missing.wav'],
          options: { modelPath: '/nowhere/model.bin' },
        },
      }),
    );
    expect(added.rejected.map((r) => r.path)).toEqual(['/nowhere/missing.wav']);

    const models = payload<{ type: string; installed: unknown[] }>(
      await core.handle({ type: 'models', command: { type: 'list', timestamp: Date.now() } }),
    );
    expect(models).toMatchObject({ type: 'models_listed', installed: [] });
    expect(events.some((e) => e.type === 'models_listed')).toBe(true);
  });

  it('forwards a notice from the shell, and stops all events after close', async () => {
    const { core, settings, events } = await setUp();
    core.notify(
      'warning',
      'The hotkey Ctrl+Shift+Space is taken by another app.',
      'Choose another one in Settings.',
    );
    expect(events.at(-1)).toMatchObject({
      type: 'notice',
      level: 'warning',
      hint: 'Choose another one in Settings.',
    });
    core.close();
    const before = events.length;
    await settings.update({ app: { soundCues: false } });
    expect(events.length).toBe(before);
  });
});

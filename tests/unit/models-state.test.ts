import { describe, expect, it } from 'vitest';
import type { DownloadProgress, InstalledModel } from '../../src/shared/models.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import { activeModel } from '../../src/renderer/models/active-model.js';
import {
  applyModelEvent,
  initialModelsState,
  type ModelsState,
} from '../../src/renderer/models/models-state.js';
import { missingForDictation } from '../../src/renderer/onboarding/needs-setup.js';

const progress = (over: Partial<DownloadProgress> = {}): DownloadProgress => ({
  downloadId: 'ggml-base.en.bin',
  name: 'base.en',
  file: 'ggml-base.en.bin',
  url: 'http://127.0.0.1/ggml-base.en.bin',
  state: 'downloading',
  bytes: 100,
  totalBytes: 1000,
  percent: 10,
  bytesPerSecond: 50,
  etaSeconds: 18,
  ...over,
});

const model = (name: string, active = false): InstalledModel => ({
  name,
  file: `ggml-${name}.bin`,
  path: `/models/ggml-${name}.bin`,
  sizeBytes: 1000,
  active,
});

function run(events: Parameters<typeof applyModelEvent>[1][], from: ModelsState = initialModelsState) {
  return events.reduce<ModelsState>((state, event) => ({ ...state, ...applyModelEvent(state, event) }), from);
}

describe('models state', () => {
  it('follows a download through a dropped connection to the installed list', () => {
    const t = 1;
    const state = run([
      { type: 'download_progress', timestamp: t, progress: progress() },
      {
        type: 'download_retrying',
        timestamp: t,
        downloadId: 'ggml-base.en.bin',
        attempt: 1,
        maxAttempts: 6,
        delayMs: 1000,
        reason: 'The connection was lost.',
      },
    ]);
    expect(state.downloads['ggml-base.en.bin']?.state).toBe('retrying');
    expect(state.retries['ggml-base.en.bin']?.attempt).toBe(1);
    const done = run(
      [
        { type: 'download_progress', timestamp: t, progress: progress({ bytes: 900, percent: 90 }) },
        {
          type: 'download_completed',
          timestamp: t,
          downloadId: 'ggml-base.en.bin',
          model: model('base.en'),
          verified: { size: true, sha256: true },
        },
      ],
      state,
    );
    expect(done.downloads).toEqual({});
    expect(done.retries).toEqual({});
    expect(done.installed.map((m) => m.name)).toEqual(['base.en']);
  });

  it('keeps a failure with its card, and a later list does not forget it', () => {
    const failed = run([
      { type: 'download_progress', timestamp: 1, progress: progress({ bytes: 0, percent: 0 }) },
      {
        type: 'download_failed',
        timestamp: 2,
        downloadId: 'ggml-base.en.bin',
        error: { kind: 'download_failed', message: 'not found (HTTP 404)', hint: 'Check the mirror.' },
      },
      {
        type: 'models_listed',
        timestamp: 3,
        installed: [],
        catalog: [],
        recommended: 'base.en',
        downloads: [],
      },
    ]);
    expect(failed.downloads['ggml-base.en.bin']?.state).toBe('failed');
    expect(failed.failures['ggml-base.en.bin']?.message).toContain('404');
  });

  it('marks the active model and drops removed ones; the settings decide which is in use', () => {
    const state = run([
      { type: 'model_imported', timestamp: 1, model: model('tiny.en') },
      { type: 'model_imported', timestamp: 1, model: model('base.en') },
      { type: 'active_model_changed', timestamp: 2, model: model('tiny.en', true) },
    ]);
    expect(state.installed.filter((m) => m.active).map((m) => m.name)).toEqual(['tiny.en']);
    const settings = {
      ...DEFAULT_SETTINGS,
      speech: { ...DEFAULT_SETTINGS.speech, model: 'ggml-base.en.bin' },
    };
    expect(activeModel(state.installed, settings)?.name).toBe('base.en');
    const other = { ...settings, speech: { ...settings.speech, model: 'ggml-gone.bin' } };
    expect(activeModel(state.installed, other)?.name).toBe('tiny.en');
    const after = run([{ type: 'model_removed', timestamp: 3, name: 'base.en' }], state);
    expect(after.installed.map((m) => m.name)).toEqual(['tiny.en']);
  });

  it('says what a first dictation still needs, once it is known', () => {
    expect(missingForDictation(initialModelsState, DEFAULT_SETTINGS)).toEqual([]);
    const vad = { state: 'missing' as const, path: '/m/vad/x.bin', sizeBytes: 885_098, error: null };
    const nothing = { ...initialModelsState, loaded: true, vad };
    expect(missingForDictation(nothing, DEFAULT_SETTINGS)).toEqual([
      'a speech model',
      'the voice activity model',
    ]);
    const installed = run(
      [{ type: 'vad_status_changed', timestamp: 1, status: { ...vad, state: 'installed' } }],
      { ...nothing, installed: [model('base.en')] },
    );
    expect(missingForDictation(installed, DEFAULT_SETTINGS)).toEqual([]);
  });
});

import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { AppError } from '../../src/shared/errors.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import { DictationController } from '../../src/services/dictation/dictation-controller.js';
import { PipelineConfigurator } from '../../src/services/dictation/pipeline-configurator.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';
import { recordedDelivery } from '../helpers/recorded-delivery.js';

/**
 * The pipeline configurator on its own, over the real engine process and the real dictation
 * controller: it keeps the engine's model and listener and the microphone in step with the settings,
 * says why a dictation cannot start, and holds back what would cut a dictation in flight.
 */
describe('PipelineConfigurator (real engine)', () => {
  let temp: { dir: string; cleanup: () => void };
  let modelsDir: string;
  let vadModelPath: string;
  let host: EngineHost;
  let source: PushSource;
  let dictation: DictationController;
  let pipeline: PipelineConfigurator;
  let settings: Settings;
  const listens: unknown[] = [];
  const microphoneProblems: AppError[] = [];

  const update = (patch: (draft: Settings) => void): void => {
    const previous = settings;
    const next = structuredClone(settings);
    patch(next);
    settings = next;
    pipeline.settingsChanged(next, previous);
  };

  beforeAll(async () => {
    temp = makeTempDir('pipeline-configurator-');
    modelsDir = path.join(temp.dir, 'models');
    vadModelPath = path.join(modelsDir, 'ggml-silero-v6.2.0.bin');
    settings = structuredClone({
      ...DEFAULT_SETTINGS,
      speech: { ...DEFAULT_SETTINGS.speech, model: 'ggml-tiny.en-vocab-only.bin', useGpu: false },
      microphone: { ...DEFAULT_SETTINGS.microphone, preRollArmed: false },
    });
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'pipeline-test',
      logger: silentLogger(),
      backoffMs: [50],
    });
    const listen = host.listen.bind(host);
    host.listen = (config) => {
      listens.push(config);
      return listen(config);
    };
    source = new PushSource();
    dictation = new DictationController({
      engine: host,
      createSource: () => source,
      deliver: recordedDelivery([]),
      logger: silentLogger(),
      preRollArmed: false,
      preRollMs: 500,
    });
    pipeline = new PipelineConfigurator({
      engine: host,
      dictation,
      settings: () => settings,
      modelsDir,
      vadModelPath,
      managerActive: () => Promise.resolve(null),
      logger: silentLogger(),
      onMicrophoneProblem: (error) => microphoneProblems.push(error),
    });
    mkdirSync(modelsDir, { recursive: true });
    await pipeline.start();
  });

  afterAll(async () => {
    pipeline?.close();
    await host?.stop();
    temp?.cleanup();
  });

  it('says which model is missing and what to do, then becomes ready once it is installed', async () => {
    const missing = pipeline.readiness();
    expect(missing).toMatchObject({ kind: 'model_not_found' });
    expect(missing?.message).toContain('ggml-tiny.en-vocab-only.bin');
    expect(missing?.hint).toMatch(/Models/);
    expect(pipeline.activeModelPath).toBeNull();

    copyFileSync(fixtures.vocabOnlyModel, path.join(modelsDir, 'ggml-tiny.en-vocab-only.bin'));
    pipeline.modelsChanged();
    await pipeline.settled();
    // The model is loaded; the VAD model is still missing, and that is now the reason.
    expect(pipeline.activeModelPath).toBe(path.join(modelsDir, 'ggml-tiny.en-vocab-only.bin'));
    expect(host.loadedModel?.path).toBe(pipeline.activeModelPath);
    const noVad = pipeline.readiness();
    expect(noVad?.message).toContain(vadModelPath);

    copyFileSync(fixtures.sileroVad, vadModelPath);
    pipeline.retryProblems();
    await pipeline.settled();
    expect(pipeline.readiness()).toBeNull();
  });

  it('reloads a model file replaced in place (a forced re-download), and only then', async () => {
    const file = path.join(modelsDir, 'ggml-tiny.en-vocab-only.bin');
    const loads: string[] = [];
    const load = host.loadModel.bind(host);
    host.loadModel = (modelPath, useGpu) => {
      loads.push(modelPath);
      return load(modelPath, useGpu);
    };
    pipeline.modelsChanged();
    await pipeline.settled();
    expect(loads).toEqual([]);
    copyFileSync(fixtures.vocabOnlyModel, `${file}.new`);
    renameSync(`${file}.new`, file);
    pipeline.modelsChanged();
    await pipeline.settled();
    expect(loads).toEqual([file]);
    expect(pipeline.readiness()).toBeNull();
  });

  it('a model that fails to load is the reason, with the engine still running', async () => {
    const broken = path.join(modelsDir, 'broken.bin');
    writeFileSync(broken, 'not a model at all');
    update((s) => (s.speech.model = 'broken.bin'));
    await pipeline.settled();
    expect(pipeline.readiness()).toMatchObject({ kind: 'model_invalid' });
    // The window's model status: the failure, the file it is about, and the model still loaded.
    const failed = pipeline.modelStatus();
    expect(failed).toMatchObject({ problem: { kind: 'model_invalid' }, problemPath: broken });
    expect(failed.problem).not.toHaveProperty('detail');
    expect(failed.loaded?.path).toBe(path.join(modelsDir, 'ggml-tiny.en-vocab-only.bin'));
    expect(failed.loaded?.capabilities).toMatchObject({ family: 'whisper', takesPrompt: true });
    update((s) => (s.speech.model = 'ggml-tiny.en-vocab-only.bin'));
    await pipeline.settled();
    expect(pipeline.readiness()).toBeNull();
    expect(pipeline.modelStatus()).toMatchObject({ problem: null, problemPath: null });
  });

  it('re-arms the listener after the dictation in flight, not under it', async () => {
    await dictation.start('ui');
    const before = listens.length;
    update((s) => (s.vad.silenceMs = 900));
    await pipeline.settled();
    expect(listens.length).toBe(before);
    await dictation.cancel();
    await expect.poll(() => listens.length, { timeout: 10_000 }).toBe(before + 1);
    await pipeline.settled();
    expect(listens.at(-1)).toMatchObject({ silenceMs: 900 });
  });

  it('opens the microphone between dictations when the pre-roll is turned on, and closes it again', async () => {
    expect(pipeline.microphoneArmed).toBe(false);
    update((s) => (s.microphone.preRollArmed = true));
    await pipeline.settled();
    expect(pipeline.microphoneArmed).toBe(true);
    expect(source.running).toBe(true);
    update((s) => (s.microphone.preRollArmed = false));
    await pipeline.settled();
    expect(pipeline.microphoneArmed).toBe(false);
    expect(source.running).toBe(false);
    expect(microphoneProblems).toEqual([]);
  });
});

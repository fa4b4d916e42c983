import { stat } from 'node:fs/promises';
import type { DictationPhase } from '../../shared/dictation.js';
import { AppError, serializeError, type SerializedError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { ModelInfo } from '../../shared/engine-protocol.js';
import type { SpeechModelStatus } from '../../shared/speech-model-status.js';
import type { SpeechCapabilities } from '../../shared/speech-models.js';
import type { DictationController } from './dictation-controller.js';
import type { EngineHost, EngineHostState } from '../engine-host/engine-host.js';
import type { Logger } from '../logging/logger.js';
import { listenConfigFor, microphoneWanted, settingsImpact } from './listen-config.js';
import { isFile, noSpeechModelError, noVadModelError, resolveSpeechModel } from './speech-model.js';

export interface PipelineConfiguratorOptions {
  engine: EngineHost;
  dictation: DictationController;
  settings: () => Settings;
  modelsDir: string;
  vadModelPath: string;
  /** The model manager's active model, the fallback when the settings name none that exists. */
  managerActive: () => Promise<{ path: string } | null>;
  logger: Logger;
  /** The microphone could not be opened for the pre-roll (shown to the user; dictation still tries). */
  onMicrophoneProblem: (error: AppError) => void;
}

type Step = 'model' | 'listener' | 'microphone' | 'arming';

/**
 * Keeps the engine and the microphone in step with the settings: the speech model loaded, the listener
 * armed with the VAD model, the microphone open for the pre-roll when that setting is on. Changes that
 * would disturb a dictation in flight wait until it is over. Knows whether a dictation can start now.
 */
export class PipelineConfigurator {
  private engineState: EngineHostState = 'stopped';
  private engineStartError: AppError | null = null;
  private modelProblem: AppError | null = null;
  /** The model file that failed to load (null when the problem is that none was found). */
  private modelProblemPath: string | null = null;
  private listenerProblem: AppError | null = null;
  private loaded: { path: string; useGpu: boolean; gpuDevice: string | null; version: string } | null = null;
  private armed = false;
  private phase: DictationPhase = 'idle';
  private readonly deferred = new Set<Step>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: PipelineConfiguratorOptions) {
    this.unsubscribe = [
      options.engine.onState((state) => {
        this.engineState = state;
        this.changed();
      }),
      options.dictation.subscribe((event) => {
        if (event.type !== 'state') return;
        this.phase = event.status.phase;
        if (this.idle && this.deferred.size > 0) {
          const steps = [...this.deferred];
          this.deferred.clear();
          for (const step of steps) this.schedule(step);
        }
      }),
    ];
  }

  /** The speech model in use (null before one is loaded). */
  get activeModelPath(): string | null {
    return this.loaded?.path ?? null;
  }

  /** True while the microphone is open between dictations (the always-on pre-roll). */
  get microphoneArmed(): boolean {
    return this.armed;
  }

  /** Null when a dictation can start now; otherwise why not, with what to do. */
  readiness(): AppError | null {
    return this.engineProblem() ?? this.modelProblem ?? this.listenerProblem;
  }

  /**
   * The model the engine has loaded and why the chosen one is not in use: none found, it failed to
   * load, or the engine itself is not running.
   */
  modelStatus(): SpeechModelStatus {
    const model = this.options.engine.loadedModel;
    const engineProblem = this.engineProblem();
    const problem = engineProblem ?? this.modelProblem;
    return {
      loaded: model ? { path: model.path, type: model.type, capabilities: capabilitiesOf(model) } : null,
      problem: problem ? withoutDetail(serializeError(problem)) : null,
      problemPath: engineProblem ? null : this.modelProblemPath,
    };
  }

  private engineProblem(): AppError | null {
    if (this.engineStartError) return this.engineStartError;
    switch (this.engineState) {
      case 'ready':
        break;
      case 'failed':
        return (
          this.options.engine.error ??
          new AppError('engine_crashed', 'The speech engine stopped and could not be restarted.', {
            hint: 'Restart Dictation; if it repeats, check the log file.',
          })
        );
      default:
        return new AppError(
          'unavailable',
          `The speech engine is ${this.engineState === 'restarting' ? 'restarting' : 'starting'}.`,
          {
            hint: 'Try again in a few seconds.',
          },
        );
    }
    return null;
  }

  /** Called after each change of readiness or of the microphone's state. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the engine and sets everything up; problems end up in readiness(), never thrown. */
  async start(): Promise<void> {
    try {
      await this.options.engine.start();
    } catch (error) {
      this.engineStartError = toAppError(error, 'engine_crashed');
      this.options.logger.error(
        { event: 'engine_start_failed', error: serializeError(error) },
        'the speech engine did not start',
      );
      this.changed();
      return;
    }
    this.schedule('model');
    this.schedule('listener');
    if (microphoneWanted(this.options.settings())) this.schedule('arming');
    await this.settled();
  }

  /** Applies a settings change to the running pipeline. */
  settingsChanged(next: Settings, previous: Settings): void {
    const impact = settingsImpact(next, previous);
    if (impact.model) this.schedule('model');
    if (impact.listener) this.schedule('listener');
    if (impact.microphone) this.schedule('microphone');
    if (impact.arming) this.schedule('arming');
  }

  /** Looks for the speech model again (one was downloaded, imported, chosen or removed). */
  modelsChanged(): void {
    this.schedule('model');
    if (this.listenerProblem) this.schedule('listener');
  }

  /** Tries again what failed for a missing or broken file (the user may have installed it since). */
  retryProblems(): void {
    if (this.modelProblem) this.schedule('model');
    if (this.listenerProblem) this.schedule('listener');
  }

  /** Resolves when every change asked for so far has been applied (deferred ones excepted). */
  settled(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
    this.deferred.clear();
    for (const off of this.unsubscribe) off();
  }

  private get idle(): boolean {
    return this.phase === 'idle' || this.phase === 'error';
  }

  private schedule(step: Step): void {
    if (this.closed) return;
    // The model can change under a recording (the engine queues its work); the listener and the
    // microphone cannot without cutting the utterance.
    if (step !== 'model' && !this.idle) {
      this.deferred.add(step);
      return;
    }
    const run = () => (this.closed ? Promise.resolve() : this.apply(step));
    this.queue = this.queue.then(run, run).catch((error: unknown) => {
      this.options.logger.error(
        { event: 'pipeline_step_failed', step, error: serializeError(error) },
        'pipeline change failed',
      );
    });
  }

  private async apply(step: Step): Promise<void> {
    switch (step) {
      case 'model':
        return this.applyModel();
      case 'listener':
        return this.applyListener();
      case 'microphone':
        if (this.armed) {
          await this.options.dictation.disarm();
          this.armed = false;
          await this.applyArming();
        }
        return;
      case 'arming':
        return this.applyArming();
    }
  }

  private async applyModel(): Promise<void> {
    const settings = this.options.settings();
    const modelPath = await resolveSpeechModel(settings, this.options.modelsDir, this.options.managerActive);
    if (!modelPath) {
      this.modelProblem = noSpeechModelError(settings, this.options.modelsDir);
      this.modelProblemPath = null;
      this.options.logger.warn(
        { event: 'no_speech_model', looked: settings.speech.model },
        this.modelProblem.message,
      );
      this.changed();
      return;
    }
    const gpu = { useGpu: settings.speech.useGpu, gpuDevice: settings.speech.gpuDevice };
    // A file replaced in place (a forced re-download, an import over it) has a new size or time.
    const wanted = { path: modelPath, ...gpu, version: await fileVersion(modelPath) };
    const same = this.loaded && JSON.stringify(this.loaded) === JSON.stringify(wanted);
    if (!this.modelProblem && same) return;
    try {
      const info = await this.options.engine.loadModel(modelPath, gpu);
      this.loaded = wanted;
      this.modelProblem = null;
      this.modelProblemPath = null;
      this.options.logger.info(
        {
          event: 'speech_model_loaded',
          modelPath,
          loadMs: info.loadMs,
          gpu: info.gpu,
          device: info.device.description,
          gpuFallbackReason: info.gpuFallbackReason,
        },
        'speech model loaded',
      );
    } catch (error) {
      this.modelProblem = toAppError(error, 'model_invalid');
      this.modelProblemPath = modelPath;
      this.options.logger.error(
        { event: 'speech_model_failed', modelPath, error: serializeError(error) },
        'speech model not loaded',
      );
    }
    this.changed();
  }

  private async applyListener(): Promise<void> {
    const vadModelPath = this.options.vadModelPath;
    if (!(await isFile(vadModelPath))) {
      this.listenerProblem = noVadModelError(vadModelPath);
      this.options.logger.warn({ event: 'no_vad_model', vadModelPath }, this.listenerProblem.message);
      this.changed();
      return;
    }
    try {
      await this.options.engine.listen(listenConfigFor(this.options.settings(), vadModelPath));
      this.listenerProblem = null;
    } catch (error) {
      this.listenerProblem = toAppError(error, 'model_invalid');
      this.options.logger.error(
        { event: 'listener_failed', vadModelPath, error: serializeError(error) },
        'listener not armed',
      );
    }
    this.changed();
  }

  private async applyArming(): Promise<void> {
    const wanted = microphoneWanted(this.options.settings());
    if (wanted === this.armed) return;
    if (!wanted) {
      await this.options.dictation.disarm();
      this.armed = false;
      this.changed();
      return;
    }
    try {
      await this.options.dictation.arm();
      this.armed = true;
      this.options.logger.info(
        { event: 'microphone_armed' },
        'microphone open between dictations (pre-roll, wake word)',
      );
    } catch (error) {
      // arm() leaves the controller wanting the microphone; without one it would retry at every start.
      await this.options.dictation.disarm().catch(() => undefined);
      const problem = toAppError(error, 'device_unavailable');
      this.options.logger.warn(
        { event: 'microphone_arm_failed', error: serializeError(problem) },
        'pre-roll off',
      );
      this.options.onMicrophoneProblem(problem);
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error(
          { event: 'listener_failed', error: serializeError(error) },
          'a pipeline listener threw',
        );
      }
    }
  }
}

function toAppError(error: unknown, kind: AppError['kind']): AppError {
  if (error instanceof AppError) return error;
  const serialized = serializeError(error);
  return new AppError(serialized.kind === 'internal' ? kind : serialized.kind, serialized.message, {
    ...(serialized.hint === undefined ? {} : { hint: serialized.hint }),
    ...(serialized.detail === undefined ? {} : { detail: serialized.detail }),
  });
}

/** Native output and stacks stay in the log; the window gets what a person can act on. */
function withoutDetail({ detail: _detail, ...forWindow }: SerializedError): SerializedError {
  return forWindow;
}

function capabilitiesOf(model: ModelInfo): SpeechCapabilities {
  const { family, languages, languageSelectable, takesPrompt, translates } = model;
  return { family, languages, languageSelectable, takesPrompt, translates };
}

async function fileVersion(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  return info ? `${info.size}:${info.mtimeMs}:${info.ino}` : 'missing';
}

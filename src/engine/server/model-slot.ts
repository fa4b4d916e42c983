import { AppError } from '../../shared/errors.js';
import { loadSpeechModel, type SpeechLoadOptions } from '../speech/load-speech-model.js';
import type { SpeechModel } from '../speech/speech-model.js';

type LoadRequest = { modelPath: string } & SpeechLoadOptions;

const DEFAULT_PLACEMENT: SpeechLoadOptions = {
  useGpu: true,
  gpuDevice: null,
  failedGpus: [],
  flashAttn: true,
};

/** The engine's one loaded speech model, and a model being loaded ahead of the request for it. */
export class ModelSlot {
  private model: SpeechModel | null = null;
  private preloaded: { path: string; options: SpeechLoadOptions; model: Promise<SpeechModel> } | null = null;

  /** `onMoved` hears that the loaded model left its GPU for the CPU (a GPU run failed). */
  constructor(private readonly onMoved: (model: SpeechModel) => void) {}

  get current(): SpeechModel | null {
    return this.model;
  }

  require(): SpeechModel {
    if (!this.model) {
      throw new AppError('model_not_loaded', 'No speech model is loaded.', { hint: 'Choose a model first.' });
    }
    return this.model;
  }

  /**
   * Starts loading a model before anyone asks (the CLI names it when it starts the engine), so loading
   * overlaps the host's own start-up. The load that follows takes it if path and placement match.
   */
  preload(modelPath: string, options: SpeechLoadOptions = DEFAULT_PLACEMENT): void {
    const model = loadSpeechModel(modelPath, options);
    model.catch(() => undefined); // a failed preload is retried, and reported, by the real request
    this.preloaded = { path: modelPath, options, model };
  }

  async load(request: LoadRequest): Promise<SpeechModel> {
    const preloaded = await this.takePreloaded(request);
    if (preloaded) {
      this.model = preloaded;
    } else {
      this.unload();
      this.model = await loadSpeechModel(request.modelPath, request);
    }
    const model = this.model;
    model.onDeviceChange(() => {
      if (this.model === model) this.onMoved(model);
    });
    return model;
  }

  unload(): void {
    this.model?.free();
    this.model = null;
  }

  private async takePreloaded(request: LoadRequest): Promise<SpeechModel | null> {
    const preload = this.preloaded;
    this.preloaded = null;
    if (!preload) return null;
    const placement = (p: SpeechLoadOptions) =>
      JSON.stringify([p.useGpu, p.gpuDevice ?? null, p.failedGpus ?? [], p.flashAttn]);
    const matches = preload.path === request.modelPath && placement(preload.options) === placement(request);
    const model = await preload.model.catch(() => null);
    if (matches && model) return model;
    model?.free();
    return null;
  }
}

import { AppError } from '../../shared/errors.js';
import type { ModelInfo } from '../../shared/engine-protocol.js';
import { parakeetCapabilities } from '../../shared/speech-models.js';
import type { ModelFileReport } from '../model-file/inspect-model-file.js';
import type { SpeechModel } from '../speech/speech-model.js';
import { loadNativeAddon } from '../whisper/native-addon.js';
import { nativeParakeet, type NativeParakeetModel } from './native-parakeet.js';
import { sentenceSegments } from './parakeet-segments.js';

/**
 * The longest window the engine gives Parakeet at once. parakeet.cpp sizes its encoder graph for the
 * model's n_audio_ctx (50 s for the published models) and attends over the whole window; 30 s keeps
 * progress and pauses responsive and the compute buffer modest, and windows end at a pause.
 */
export const PARAKEET_WINDOW_MS = 30_000;

/** A Parakeet TDT model through parakeet.cpp, behind the engine's speech model interface. */
export async function loadParakeetSpeechModel(
  report: Extract<ModelFileReport, { family: 'parakeet' }>,
  modelPath: string,
  options: { useGpu: boolean },
): Promise<SpeechModel> {
  const Parakeet = nativeParakeet();
  const hasGpu = loadNativeAddon()
    .loadBackends()
    .some((d) => d.type === 'gpu' || d.type === 'igpu');
  const started = performance.now();
  let gpu = options.useGpu && hasGpu;
  let gpuFallbackReason: string | undefined;
  let native: NativeParakeetModel | undefined;
  if (gpu) {
    try {
      native = await Parakeet.load(modelPath, { useGpu: true });
    } catch (error) {
      gpu = false;
      gpuFallbackReason = `the GPU could not load the model (${(error as Error).message}); using the CPU`;
    }
  }
  if (!native) {
    try {
      native = await Parakeet.load(modelPath, { useGpu: false });
    } catch (error) {
      const message = (error as Error).message || String(error);
      throw new AppError('model_invalid', `parakeet.cpp could not load ${modelPath}: ${message}`, {
        hint: 'Download the model again (Models tab, or "dictation models download"), or choose another model file.',
        detail: message,
      });
    }
  }
  const raw = native.info();
  const info: ModelInfo = {
    path: modelPath,
    type: report.type,
    multilingual: report.multilingual,
    windowMs: Math.min(PARAKEET_WINDOW_MS, raw.windowMs),
    gpu,
    loadMs: performance.now() - started,
    ...parakeetCapabilities(report.multilingual),
  };
  if (gpuFallbackReason) info.gpuFallbackReason = gpuFallbackReason;
  const model = native;
  return {
    info,
    windowing: 'at-pause',
    transcribe: async (pcm, transcribeOptions, onEvent) => {
      const result = await model.transcribe(pcm, { threads: transcribeOptions.threads }, onEvent);
      return { segments: sentenceSegments(result.segments), language: result.language };
    },
    abort: () => void model.abort(),
    free: () => model.free(),
  };
}

import { AppError } from '../../shared/errors.js';
import type { ModelInfo } from '../../shared/engine-protocol.js';
import { parakeetCapabilities } from '../../shared/speech-models.js';
import type { ModelFileReport } from '../model-file/inspect-model-file.js';
import type { SpeechModel } from '../speech/speech-model.js';
import { SAMPLE_RATE } from '../../shared/audio.js';
import { placeOnDevice, type GpuPlacement, type PlacedOnDevice } from '../device/gpu-placement.js';
import { nativeParakeet, type NativeParakeetModel } from './native-parakeet.js';
import { sentenceSegments } from './parakeet-segments.js';

/**
 * The longest window the engine gives Parakeet at once. parakeet.cpp sizes its encoder graph for the
 * model's n_audio_ctx (50 s for the published models) and attends over the whole window; 30 s keeps
 * progress and pauses responsive and the compute buffer modest, and windows end at a pause.
 */
const PARAKEET_WINDOW_MS = 30_000;

/**
 * A Parakeet TDT model through parakeet.cpp, behind the engine's speech model interface; on the GPU
 * with the CPU as its fallback, like Whisper (the same DeviceFallback).
 */
export async function loadParakeetSpeechModel(
  report: Extract<ModelFileReport, { family: 'parakeet' }>,
  modelPath: string,
  options: GpuPlacement,
): Promise<SpeechModel> {
  const Parakeet = nativeParakeet();
  const started = performance.now();
  let placed: PlacedOnDevice<NativeParakeetModel>;
  try {
    placed = await placeOnDevice<NativeParakeetModel>(options, ({ gpu }) =>
      Parakeet.load(modelPath, { useGpu: gpu !== null, gpuDevice: gpu ?? 0 }),
    );
  } catch (error) {
    const message = (error as Error).message || String(error);
    throw new AppError('model_invalid', `parakeet.cpp could not load ${modelPath}: ${message}`, {
      hint: {
        window: 'Download the model again in the Models tab, or choose another model file.',
        cli: 'Download the model again ("dictation models download NAME --force"), or use another model file.',
      },
      detail: message,
    });
  }
  const loadMs = performance.now() - started;
  const { fallback } = placed;
  const windowMs = Math.min(PARAKEET_WINDOW_MS, fallback.model.info().windowMs);
  const capabilities = parakeetCapabilities(report.multilingual);
  return {
    get info(): ModelInfo {
      const info: ModelInfo = {
        path: modelPath,
        type: report.type,
        multilingual: report.multilingual,
        windowMs,
        loadMs,
        ...placed.placement(),
        ...capabilities,
      };
      return info;
    },
    onDeviceChange: (listener) => placed.onDeviceChange(listener),
    windowing: 'at-pause',
    transcribe: async (pcm, transcribeOptions, onEvent) => {
      const result = await fallback.run(
        (model) => model.transcribe(pcm, { threads: transcribeOptions.threads }, onEvent),
        { workMs: (pcm.length * 1000) / SAMPLE_RATE },
      );
      return { segments: sentenceSegments(result.segments), language: result.language };
    },
    abort: () => void fallback.model.abort(),
    free: () => fallback.free(),
  };
}

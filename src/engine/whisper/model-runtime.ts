import { open, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import type { ModelLoadInfo } from '../../shared/engine-protocol.js';
import { placeOnDevice, type GpuPlacement, type PlacedOnDevice } from '../device/gpu-placement.js';
import { GGML_MAGIC } from '../model-file/ggml-types.js';
import { modelFileNotFound } from '../model-file/model-file-errors.js';
import { fallbackWhisperModel } from './fallback-whisper-model.js';
import { loadNativeAddon, type NativeWhisperModel } from './native-addon.js';

/** Checks that a file looks like a whisper ggml model before the native loader sees it. */
export async function checkModelFile(modelPath: string): Promise<void> {
  const info = await stat(modelPath).catch(() => null);
  if (!info) throw modelFileNotFound(modelPath);
  if (!info.isFile()) throw new AppError('model_invalid', `Not a model file: ${modelPath} is a folder`);
  const handle = await open(modelPath, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.readUInt32LE(0) !== GGML_MAGIC) {
      throw new AppError('model_invalid', `${modelPath} is not a whisper.cpp ggml model`, {
        hint: 'Use a ggml-*.bin model from the whisper.cpp model list (not a PyTorch, ONNX or GGUF file).',
      });
    }
  } finally {
    await handle.close();
  }
}

export interface LoadedModel {
  /** Runs each transcription on the GPU, or on the CPU when the GPU is off, missing or failed. */
  native: NativeWhisperModel;
  /** The model and the device it runs on now (it changes when a GPU run fails). */
  readonly info: ModelLoadInfo;
  /** Called after a failed or hung GPU run moved the model to the CPU. */
  onDeviceChange(listener: () => void): void;
}

export async function loadModel(
  modelPath: string,
  placement: GpuPlacement & { flashAttn: boolean },
): Promise<LoadedModel> {
  await checkModelFile(modelPath);
  const addon = loadNativeAddon();
  const started = performance.now();
  let placed: PlacedOnDevice<NativeWhisperModel>;
  try {
    placed = await placeOnDevice<NativeWhisperModel>(placement, ({ gpu }) =>
      addon.WhisperModel.load(modelPath, {
        useGpu: gpu !== null,
        gpuDevice: gpu ?? 0,
        flashAttn: placement.flashAttn,
      }),
    );
  } catch (error) {
    throw invalidModel(modelPath, error);
  }
  const loadMs = performance.now() - started;
  const { fallback } = placed;
  const describe = (): ModelLoadInfo => {
    const raw = fallback.model.info();
    // The addon names the device it loaded on (whisper.cpp would quietly use the CPU otherwise).
    return {
      path: modelPath,
      type: raw.type,
      multilingual: raw.multilingual,
      windowMs: raw.windowMs,
      loadMs,
      ...placed.placement(),
      device: raw.device,
    };
  };
  return {
    native: fallbackWhisperModel(fallback),
    get info() {
      return describe();
    },
    onDeviceChange: (listener) => placed.onDeviceChange(listener),
  };
}

function invalidModel(modelPath: string, error: unknown): AppError {
  const message = (error as Error).message || String(error);
  const truncated = /not all tensors loaded|tensor .* has wrong size|failed to read|unexpected end/i.test(
    message,
  );
  return new AppError(
    'model_invalid',
    truncated
      ? `${modelPath} is incomplete or damaged (whisper.cpp: ${message})`
      : `whisper.cpp could not load ${modelPath}: ${message}`,
    { hint: 'Download the model again, or choose another model file.', detail: message },
  );
}

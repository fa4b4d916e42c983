import { open, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import type { ModelLoadInfo } from '../../shared/engine-protocol.js';
import { loadNativeAddon, type NativeWhisperModel } from './native-addon.js';

/** whisper.cpp's ggml file magic, 'ggml' as a little-endian uint32. */
export const GGML_MAGIC = 0x67676d6c;

/** Checks that a file looks like a whisper ggml model before the native loader sees it. */
export async function checkModelFile(modelPath: string): Promise<void> {
  const info = await stat(modelPath).catch(() => null);
  if (!info) {
    throw new AppError('model_not_found', `Model file not found: ${modelPath}`, {
      hint: 'Download a model in the Models tab, or pass the path of a ggml .bin file.',
    });
  }
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
  native: NativeWhisperModel;
  info: ModelLoadInfo;
}

export async function loadModel(
  modelPath: string,
  options: { useGpu: boolean; flashAttn: boolean },
): Promise<LoadedModel> {
  await checkModelFile(modelPath);
  const addon = loadNativeAddon();
  const hasGpu = addon.loadBackends().some((d) => d.type === 'gpu' || d.type === 'igpu');
  const started = performance.now();
  let gpuFallbackReason: string | undefined;
  let native: NativeWhisperModel | undefined;
  let gpu = options.useGpu && hasGpu;
  // A build without a GPU back-end (the Linux and Windows CPU builds) simply runs on the CPU.
  if (gpu) {
    try {
      native = await addon.WhisperModel.load(modelPath, { useGpu: true, flashAttn: options.flashAttn });
    } catch (error) {
      gpu = false;
      gpuFallbackReason = `the GPU could not load the model (${(error as Error).message}); using the CPU`;
    }
  }
  if (!native) {
    try {
      native = await addon.WhisperModel.load(modelPath, { useGpu: false, flashAttn: options.flashAttn });
    } catch (error) {
      throw invalidModel(modelPath, error);
    }
  }
  const loadMs = performance.now() - started;
  const raw = native.info();
  const info: ModelLoadInfo = {
    path: modelPath,
    type: raw.type,
    multilingual: raw.multilingual,
    windowMs: raw.windowMs,
    gpu,
    loadMs,
  };
  if (gpuFallbackReason) info.gpuFallbackReason = gpuFallbackReason;
  return { native, info };
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

import { AppError } from '../../shared/errors.js';
import { checkModelFile } from '../whisper/model-runtime.js';
import { loadNativeAddon, type NativeVadModel } from '../whisper/native-addon.js';

/** Loads whisper.cpp's ggml Silero VAD model (one thread), saying what to do when it is missing or damaged. */
export async function loadVadModel(path: string): Promise<NativeVadModel> {
  await checkModelFile(path);
  return loadNativeAddon()
    .VadModel.load(path, 1)
    .catch((error: unknown) => {
      throw new AppError('model_invalid', `Cannot load the VAD model ${path}: ${String(error)}`, {
        hint: {
          window: 'Download the Silero VAD model again in the Models tab.',
          cli: 'Install it again with "dictation models vad", or give another with --vad-model.',
        },
      });
    });
}

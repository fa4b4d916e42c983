import { AppError } from '../../shared/errors.js';
import { loadNativeAddon, type NativeSpeechModel } from '../whisper/native-addon.js';

/** The ParakeetModel class of the project's addon (native/whisper-addon/src/parakeet-model.cc). */

export interface NativeParakeetToken {
  /** The SentencePiece piece as text; a word's first piece starts with a space. */
  text: string;
  /** Times from the start of the PCM given (10 ms mel frames). */
  startMs: number;
  endMs: number;
  p: number;
  wordStart: boolean;
}

export interface NativeParakeetSegment {
  index: number;
  startMs: number;
  endMs: number;
  text: string;
  noSpeechProb: number;
  tokens: NativeParakeetToken[];
}

export interface NativeParakeetInfo {
  vocab: number;
  audioCtx: number;
  audioState: number;
  audioHeads: number;
  audioLayers: number;
  mels: number;
  ftype: number;
  /** The input length the encoder graph is sized for at load (n_audio_ctx mel frames). */
  windowMs: number;
}

export type NativeParakeetModel = NativeSpeechModel<
  { threads: number },
  NativeParakeetSegment,
  NativeParakeetInfo
>;

interface ParakeetClass {
  load(path: string, options: { useGpu: boolean; gpuDevice?: number }): Promise<NativeParakeetModel>;
}

export function nativeParakeet(): ParakeetClass {
  const addon = loadNativeAddon() as ReturnType<typeof loadNativeAddon> & { ParakeetModel?: ParakeetClass };
  if (!addon.ParakeetModel) {
    throw new AppError('internal', 'The speech engine was built without Parakeet support.', {
      hint: 'Rebuild the native module with "npm run build:native".',
    });
  }
  return addon.ParakeetModel;
}

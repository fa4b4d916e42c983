import { SAMPLE_RATE } from '../../shared/audio.js';
import type { DeviceFallback } from '../device/device-fallback.js';
import type { NativeEvent, NativeTranscribeOptions, NativeWhisperModel } from './native-addon.js';

/**
 * A Whisper model behind a DeviceFallback, shaped like the native model so the windowed transcriber
 * and the engine's abort and pause use it unchanged: each window runs on the GPU, and on the CPU
 * when the GPU fails it.
 */
export function fallbackWhisperModel(fallback: DeviceFallback<NativeWhisperModel>): NativeWhisperModel {
  return {
    transcribe: (
      pcm: Float32Array,
      options: NativeTranscribeOptions,
      onEvent?: (event: NativeEvent) => void,
    ) =>
      fallback.run((model) => model.transcribe(pcm, options, onEvent), {
        workMs: (pcm.length * 1000) / SAMPLE_RATE,
      }),
    abort: () => fallback.model.abort(),
    free: () => fallback.free(),
    info: () => fallback.model.info(),
    isBusy: () => fallback.model.isBusy(),
  };
}

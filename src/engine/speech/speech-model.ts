import type { ModelInfo } from '../../shared/engine-protocol.js';
import type { NativeWhisperModel } from '../whisper/native-addon.js';

/**
 * One speech model resident in the engine, whichever family it is (Whisper or Parakeet): the server,
 * the listener and the windowed transcriber only see this.
 */
export interface SpeechModel {
  /**
   * Family, capabilities, load figures and the device it runs on, as the engine reports them to its
   * host; the device changes when a GPU run fails and the model moves to the CPU.
   */
  readonly info: ModelInfo;
  /** Called after a failed or hung GPU run moved the model to the CPU (see DeviceFallback). */
  onDeviceChange(listener: () => void): void;
  /**
   * How a long input is cut into model windows. Whisper's segments end where it heard a pause, so a
   * window's cut-off last segment is dropped and redone from its start ("resegment"); Parakeet returns
   * the whole window as one piece, so windows end at the quietest moment near the limit ("at-pause").
   */
  readonly windowing: 'resegment' | 'at-pause';
  /** One window of 16 kHz mono PCM; rejects with code ABORTED after abort(). */
  transcribe: NativeWhisperModel['transcribe'];
  /** Stops the window being inferred within milliseconds. */
  abort(): void;
  /** Unloads the model (after the running window, if one runs). */
  free(): void;
}

import { whisperCapabilities } from '../../shared/speech-models.js';
import type { ModelFileReport } from '../model-file/inspect-model-file.js';
import { loadModel } from '../whisper/model-runtime.js';
import type { SpeechLoadOptions } from './load-speech-model.js';
import type { SpeechModel } from './speech-model.js';

/** A Whisper model through whisper.cpp, behind the engine's speech model interface. */
export async function loadWhisperSpeechModel(
  report: Extract<ModelFileReport, { family: 'whisper' }>,
  modelPath: string,
  options: SpeechLoadOptions,
): Promise<SpeechModel> {
  const loaded = await loadModel(modelPath, options);
  const native = loaded.native;
  const capabilities = whisperCapabilities(report.multilingual, report.hparams.nVocab);
  return {
    get info() {
      return { ...loaded.info, ...capabilities };
    },
    onDeviceChange: (listener) => loaded.onDeviceChange(listener),
    windowing: 'resegment',
    transcribe: (pcm, transcribeOptions, onEvent) => native.transcribe(pcm, transcribeOptions, onEvent),
    abort: () => void native.abort(),
    free: () => native.free(),
  };
}

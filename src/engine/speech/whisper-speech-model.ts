import { whisperCapabilities } from '../../shared/speech-models.js';
import type { ModelFileReport } from '../model-file/inspect-model-file.js';
import { loadModel } from '../whisper/model-runtime.js';
import type { SpeechModel } from './speech-model.js';

/** A Whisper model through whisper.cpp, behind the engine's speech model interface. */
export async function loadWhisperSpeechModel(
  report: Extract<ModelFileReport, { family: 'whisper' }>,
  modelPath: string,
  options: { useGpu: boolean; flashAttn: boolean },
): Promise<SpeechModel> {
  const loaded = await loadModel(modelPath, options);
  const native = loaded.native;
  return {
    info: { ...loaded.info, ...whisperCapabilities(report.multilingual, report.hparams.nVocab) },
    windowing: 'resegment',
    transcribe: (pcm, transcribeOptions, onEvent) => native.transcribe(pcm, transcribeOptions, onEvent),
    abort: () => void native.abort(),
    free: () => native.free(),
  };
}

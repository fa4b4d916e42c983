import type { AudioSource } from '../../shared/engine-protocol.js';
import type { SpeechDetection, SpeechRegions } from '../../shared/speech-regions.js';
import { detectSpeech } from '../vad/file-speech.js';
import { loadVadModel } from '../vad/load-vad-model.js';
import { openSource } from './transcription-runner.js';

/** One detect_speech request: its own Silero instance (the listener's keeps its stream state), freed after. */
export async function runSpeechDetection(
  source: AudioSource,
  detection: SpeechDetection,
  isAborted: () => boolean,
): Promise<SpeechRegions> {
  const model = await loadVadModel(detection.vadModelPath);
  try {
    const audio = await openSource(source);
    try {
      return await detectSpeech(model, audio.chunks, detection, isAborted);
    } finally {
      audio.close();
    }
  } finally {
    model.free();
  }
}

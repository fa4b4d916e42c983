import type { GpuPlacement } from '../device/gpu-placement.js';
import { inspectModelFile } from '../model-file/inspect-model-file.js';
import { loadParakeetSpeechModel } from '../parakeet/parakeet-speech-model.js';
import type { SpeechModel } from './speech-model.js';
import { loadWhisperSpeechModel } from './whisper-speech-model.js';

/** Where to run the model (GPU choice and the GPUs that failed before) and whisper.cpp's flash attention. */
export interface SpeechLoadOptions extends GpuPlacement {
  flashAttn: boolean;
}

/**
 * Loads a speech model of either family. The whole file check runs first, every time (by path from
 * the CLI, from settings, after a restart): the family comes from the file's header, never its name,
 * and a file that would make the native loader allocate more than its tensors need, assert or loop
 * is refused with the reason before the loader sees it.
 */
export async function loadSpeechModel(modelPath: string, options: SpeechLoadOptions): Promise<SpeechModel> {
  const report = await inspectModelFile(modelPath);
  if (report.family === 'parakeet') return loadParakeetSpeechModel(report, modelPath, options);
  return loadWhisperSpeechModel(report, modelPath, options);
}

import { vadModelPath } from '../models/vad-model.js';

/** DICTATION_VAD_MODEL overrides; otherwise the model manager's folder (models/vad/). */
export function defaultVadModelPath(modelsDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['DICTATION_VAD_MODEL'] ?? vadModelPath(modelsDir);
}

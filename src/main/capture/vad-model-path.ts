import path from 'node:path';

/** whisper.cpp's name for the Silero VAD model (ggml-org/whisper-vad on Hugging Face). */
export const VAD_MODEL_FILE = 'ggml-silero-v6.2.0.bin';

/** DICTATION_VAD_MODEL overrides; otherwise the model manager's folder. */
export function defaultVadModelPath(modelsDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['DICTATION_VAD_MODEL'] ?? path.join(modelsDir, VAD_MODEL_FILE);
}

import { z } from 'zod';
import { SerializedError } from './errors.js';
import { SpeechCapabilities } from './speech-models.js';

/**
 * The speech_model_status reply: which model the engine has loaded (with what it can do, read from
 * the file) and why the one the settings name is not in use (missing, or it failed to load), with what
 * to do. Settings → Speech recognition shows it beside the model picker.
 */
export const SpeechModelStatus = z.object({
  loaded: z.object({ path: z.string(), type: z.string(), capabilities: SpeechCapabilities }).nullable(),
  problem: SerializedError.nullable(),
  /** The file the problem is about when it failed to load (null: none found, or the engine's own). */
  problemPath: z.string().nullable(),
});
export type SpeechModelStatus = z.infer<typeof SpeechModelStatus>;

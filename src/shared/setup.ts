import { z } from 'zod';
import { SerializedError } from './errors.js';

/**
 * What the first-run setup needs besides the model manager: the Silero VAD model every dictation
 * needs (kept apart from the speech models), a microphone check, and a native file picker where the
 * app has one (Electron; the headless bridge has none, so the window asks for a typed path there).
 */

const VadModelState = z.enum(['missing', 'downloading', 'installed', 'failed']);
export type VadModelState = z.infer<typeof VadModelState>;

export const VadModelStatus = z.object({
  state: VadModelState,
  /** Where the app looks for it. */
  path: z.string(),
  /** Bytes on disk when installed; the published size otherwise. */
  sizeBytes: z.number().int().nonnegative(),
  /** The last failure, until the next attempt. */
  error: SerializedError.nullable(),
});
export type VadModelStatus = z.infer<typeof VadModelStatus>;

export const FilePurpose = z.enum(['speech_model', 'vad_model', 'wake_model']);
export type FilePurpose = z.infer<typeof FilePurpose>;

export const MicrophoneCheckResult = z.object({
  /** True while the microphone is open for the check (level events follow). */
  open: z.boolean(),
});

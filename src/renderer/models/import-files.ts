import type { SerializedError } from '../../shared/errors.js';
import { invoke } from '../store/requests.js';
import { modelCommand } from './model-commands.js';

/** Imports a speech model (its header is checked before anything is copied). */
export async function importSpeechModel(path: string): Promise<SerializedError | null> {
  const outcome = await modelCommand({ type: 'import', path });
  return outcome.ok ? null : outcome.error;
}

/** Imports the Silero VAD model (checked against its published SHA-256). */
export async function importVadModel(path: string): Promise<SerializedError | null> {
  const response = await invoke({ type: 'vad_import', path });
  return response.ok ? null : response.error;
}

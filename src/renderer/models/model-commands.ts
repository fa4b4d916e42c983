import type { ModelCommandInput, ModelEvent } from '../../shared/models.js';
import type { SerializedError } from '../../shared/errors.js';
import { invoke } from '../store/requests.js';

export type ModelCommandOutcome = { ok: true; event: ModelEvent } | { ok: false; error: SerializedError };

type CommandWithoutTime = ModelCommandInput extends infer C
  ? C extends { timestamp: number }
    ? Omit<C, 'timestamp'>
    : never
  : never;

/**
 * Sends a command to the model manager. It answers a command it could not carry out with a
 * model_command_failed event (not an error response): both come back here as an error.
 */
export async function modelCommand(command: CommandWithoutTime): Promise<ModelCommandOutcome> {
  const response = await invoke({
    type: 'models',
    command: { ...command, timestamp: Date.now() } as ModelCommandInput,
  });
  if (!response.ok) return { ok: false, error: response.error };
  if (response.payload.type === 'model_command_failed') return { ok: false, error: response.payload.error };
  return { ok: true, event: response.payload };
}

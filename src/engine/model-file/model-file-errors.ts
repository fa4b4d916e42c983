import { AppError } from '../../shared/errors.js';

/**
 * One message per fault a model file can have, each saying what is wrong with which file and what to
 * do about it (with the CLI command for people who use the command line).
 */

/** How the messages name a family: "a truncated whisper.cpp model", "a truncated Parakeet model". */
export type FamilyLabel = 'whisper.cpp' | 'Parakeet';

const NOT_A_MODEL_HINT =
  'Use a speech model in whisper.cpp\'s ggml format (a Whisper ggml-*.bin or a Parakeet TDT ggml file; not a PyTorch, ONNX or GGUF file), or download one in the Models tab or with "dictation models download".';
export const INCOMPLETE_HINT =
  'The file is incomplete: download or copy it again (Models tab, or "dictation models download NAME" / "dictation models import FILE").';
const DAMAGED_HINT =
  'The file is damaged or was written by a converter this app does not know: download it again (Models tab, or "dictation models download NAME").';

export function notAModel(filePath: string, description: string): AppError {
  return new AppError('model_invalid', `${filePath} is ${description}`, { hint: NOT_A_MODEL_HINT });
}

export function truncatedModel(
  filePath: string,
  family: FamilyLabel,
  detail: string,
  size: number,
): AppError {
  return new AppError(
    'model_invalid',
    `${filePath} is a truncated ${family} model: ${detail}, but the file ends at byte ${size}`,
    { hint: INCOMPLETE_HINT },
  );
}

export function missingTensors(
  filePath: string,
  family: FamilyLabel,
  found: number,
  expected: number,
): AppError {
  return new AppError(
    'model_invalid',
    `${filePath} is a truncated ${family} model: it holds ${found} of the ${expected} tensors its header declares`,
    { hint: INCOMPLETE_HINT },
  );
}

/** A ggml file of another kind: a Silero VAD model, or a ggml layout that is neither family's. */
export function foreignGgml(filePath: string, what: string, hint = NOT_A_MODEL_HINT): AppError {
  return new AppError('model_invalid', `${filePath} is ${what}`, { hint });
}

/** Hyper-parameters no real model has; loading them would make the engine allocate without bound. */
export function absurdHparams(filePath: string, family: FamilyLabel, detail: string): AppError {
  return new AppError(
    'model_invalid',
    `${filePath} starts like a ${family} model but its header is not one a real model has (${detail})`,
    { hint: DAMAGED_HINT },
  );
}

export function vocabularyDamaged(filePath: string, family: FamilyLabel, detail: string): AppError {
  return new AppError(
    'model_invalid',
    `${filePath} is a ${family} model with a damaged vocabulary: ${detail}`,
    {
      hint: DAMAGED_HINT,
    },
  );
}

export function damagedModel(filePath: string, family: FamilyLabel, detail: string): AppError {
  return new AppError('model_invalid', `${filePath} is a damaged ${family} model: ${detail}`, {
    hint: DAMAGED_HINT,
  });
}

import { AppError, type AudienceHints } from '../../shared/errors.js';

/**
 * One message per fault a model file can have, each saying what is wrong with which file and what to
 * do about it: in the window (the Models tab) and on the command line (the `dictation` command).
 */

/** How the messages name a family: "a truncated whisper.cpp model", "a truncated Parakeet model". */
export type FamilyLabel = 'whisper.cpp' | 'Parakeet';

const GGML_FORMAT =
  "Use a speech model in whisper.cpp's ggml format (a Whisper ggml-*.bin or a Parakeet TDT ggml file; not a PyTorch, ONNX or GGUF file)";
export const NOT_A_MODEL_HINT: AudienceHints = {
  window: `${GGML_FORMAT}, or download one in the Models tab.`,
  cli: `${GGML_FORMAT}, or download one with "dictation models download NAME".`,
};
export const INCOMPLETE_HINT: AudienceHints = {
  window: 'The file is incomplete: download or import it again in the Models tab.',
  cli: 'The file is incomplete: download or copy it again ("dictation models download NAME" or "dictation models import FILE").',
};
const DAMAGED_HINT: AudienceHints = {
  window:
    'The file is damaged or was written by a converter this app does not know: download it again in the Models tab.',
  cli: 'The file is damaged or was written by a converter this app does not know: download it again ("dictation models download NAME --force").',
};

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
export function foreignGgml(
  filePath: string,
  what: string,
  hint: string | AudienceHints = NOT_A_MODEL_HINT,
): AppError {
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

export function modelFileNotFound(filePath: string): AppError {
  return new AppError('model_not_found', `Model file not found: ${filePath}`, {
    hint: {
      window: 'Check the path, or download a model in the Models tab.',
      cli: 'Check the path, or download a model with "dictation models download base.en" and use its name.',
    },
  });
}

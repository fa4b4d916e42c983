import { open, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import {
  parakeetCapabilities,
  whisperCapabilities,
  type SpeechCapabilities,
} from '../../shared/speech-models.js';
import { FileReader, PastEndOfFile } from './file-reader.js';
import { describeForeignFile } from './foreign-file.js';
import { GGML_MAGIC } from './ggml-types.js';
import {
  INCOMPLETE_HINT,
  foreignGgml,
  modelFileNotFound,
  notAModel,
  truncatedModel,
  type FamilyLabel,
} from './model-file-errors.js';
import {
  PARAKEET_SIGNATURE_BYTES,
  looksLikeParakeet,
  parakeetIsMultilingual,
  parakeetModelType,
  parakeetTensors,
  readParakeetHparams,
  readParakeetPreamble,
  type ParakeetHparams,
} from './parakeet-layout.js';
import { walkTensors } from './tensor-walk.js';
import {
  WHISPER_SIGNATURE_BYTES,
  checkWhisperBlocks,
  looksLikeWhisper,
  readWhisperHparams,
  readWhisperPreamble,
  whisperIsMultilingual,
  whisperModelType,
  whisperTensors,
  type WhisperHparams,
} from './whisper-layout.js';

/**
 * What a model file is, read from the file itself (never its name), and whether the engine may load
 * it: the ggml header tells the family, the hyper-parameters must be a real model's, and every
 * section and tensor must lie inside the file with the shape the loader will allocate for it.
 */

export type FileKind = 'whisper' | 'parakeet' | 'other-ggml' | 'not-ggml';

interface CommonReport {
  sizeBytes: number;
  /** tiny, base, ... for Whisper; tdt-0.6b-v3, ... for Parakeet. */
  type: string;
  multilingual: boolean;
  tensorCount: number;
  /** How many tensors the loader expects for these hyper-parameters. */
  expectedTensorCount: number;
  /** Bytes the loader allocates for the weights. */
  weightBytes: number;
  /** whisper.cpp's test models: header and vocabulary, no weights. */
  vocabOnly: boolean;
}

export type ModelFileReport =
  | (CommonReport & { family: 'whisper'; hparams: WhisperHparams })
  | (CommonReport & { family: 'parakeet'; hparams: ParakeetHparams });

/**
 * whisper.cpp loads a file without tensors as an empty test model, allocating the weights its header
 * implies. That is allowed for test models of up to tiny's size; a header-only file that claims a big
 * model would make the engine allocate gigabytes the file never filled.
 */
const MAX_EMPTY_MODEL_WEIGHT_BYTES = 100_000_000;
/** Enough for both families' signatures and the foreign formats' markers. */
const HEAD_BYTES = 512;

async function readHead(filePath: string): Promise<{ head: Buffer; size: number }> {
  const info = await stat(filePath).catch(() => null);
  if (!info) throw modelFileNotFound(filePath);
  if (!info.isFile()) {
    throw new AppError('model_invalid', `Not a model file: ${filePath} is not a regular file`);
  }
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    return { head, size: info.size };
  } finally {
    await handle.close();
  }
}

function kindOf(head: Buffer): FileKind | 'silero' {
  if (head.length < 4 || head.readUInt32LE(0) !== GGML_MAGIC) return 'not-ggml';
  if (head.toString('latin1', 8, 14) === 'silero') return 'silero';
  if (looksLikeWhisper(head)) return 'whisper';
  if (looksLikeParakeet(head)) return 'parakeet';
  return 'other-ggml';
}

/** The family from the header alone (a few hundred bytes): for listings, not for loading. */
export async function detectModelFamily(filePath: string): Promise<FileKind> {
  const { head } = await readHead(filePath).catch(() => ({ head: Buffer.alloc(0) }));
  const kind = kindOf(head);
  return kind === 'silero' ? 'other-ggml' : kind;
}

/**
 * The whole check, run before every load and every import: reads only headers (a few KB for any
 * model, however large) and throws an AppError (model_not_found / model_invalid) saying what is wrong.
 */
export async function inspectModelFile(filePath: string): Promise<ModelFileReport> {
  const { head, size } = await readHead(filePath);
  if (size === 0) {
    throw new AppError('model_invalid', `${filePath} is empty (0 bytes), not a whisper.cpp model`, {
      hint: INCOMPLETE_HINT,
    });
  }
  const kind = kindOf(head);
  switch (kind) {
    case 'not-ggml':
      throw notAModel(
        filePath,
        size < 4 ? `only ${size} bytes, not a whisper.cpp ggml model` : describeForeignFile(head),
      );
    case 'silero':
      throw foreignGgml(filePath, 'a Silero VAD model, not a whisper speech model', {
        window:
          'It is the voice activity model (the Models tab installs it); choose a Whisper or Parakeet speech model here.',
        cli: 'Use it as the voice activity model (--vad-model), and give a Whisper or Parakeet speech model to --model.',
      });
    case 'other-ggml':
      if (size < PARAKEET_SIGNATURE_BYTES) {
        throw truncatedModel(
          filePath,
          'whisper.cpp',
          `its header needs at least ${WHISPER_SIGNATURE_BYTES} bytes`,
          size,
        );
      }
      throw foreignGgml(
        filePath,
        "a ggml file of another kind: its header is neither a Whisper nor a Parakeet speech model's",
      );
    case 'whisper':
      return withTruncation(filePath, 'whisper.cpp', size, (reader) => inspectWhisper(reader, filePath));
    case 'parakeet':
      return withTruncation(filePath, 'Parakeet', size, (reader) => inspectParakeet(reader, filePath));
  }
}

async function withTruncation(
  filePath: string,
  family: FamilyLabel,
  size: number,
  read: (reader: FileReader) => Promise<ModelFileReport>,
): Promise<ModelFileReport> {
  const handle = await open(filePath, 'r');
  try {
    const reader = new FileReader(handle, size);
    reader.skip(4, 'the magic');
    return await read(reader);
  } catch (error) {
    if (error instanceof PastEndOfFile) throw truncatedModel(filePath, family, error.message, size);
    throw error;
  } finally {
    await handle.close();
  }
}

async function inspectWhisper(reader: FileReader, filePath: string): Promise<ModelFileReport> {
  const hparams = await readWhisperHparams(reader, filePath);
  checkWhisperBlocks(filePath, hparams);
  await readWhisperPreamble(reader, filePath, hparams);
  const expected = whisperTensors(hparams);
  const walk = await walkTensors(reader, filePath, 'whisper.cpp', expected);
  if (walk.count === 0) refuseBigEmptyModel(filePath, 'whisper.cpp', walk.weightBytes);
  return {
    family: 'whisper',
    hparams,
    sizeBytes: reader.size,
    type: whisperModelType(hparams),
    multilingual: whisperIsMultilingual(hparams),
    tensorCount: walk.count,
    expectedTensorCount: expected.size,
    weightBytes: walk.weightBytes,
    vocabOnly: walk.count === 0,
  };
}

async function inspectParakeet(reader: FileReader, filePath: string): Promise<ModelFileReport> {
  const hparams = await readParakeetHparams(reader, filePath);
  await readParakeetPreamble(reader, filePath, hparams);
  const expected = parakeetTensors(hparams);
  const walk = await walkTensors(reader, filePath, 'Parakeet', expected);
  // parakeet.cpp would run an empty model on uninitialised memory: there is no Parakeet test model
  // without weights, so a header-only file is a cut-off download.
  if (walk.count === 0) {
    throw new AppError(
      'model_invalid',
      `${filePath} is a truncated Parakeet model: it holds none of the ${expected.size} tensors its header declares`,
      { hint: INCOMPLETE_HINT },
    );
  }
  return {
    family: 'parakeet',
    hparams,
    sizeBytes: reader.size,
    type: parakeetModelType(hparams),
    multilingual: parakeetIsMultilingual(hparams),
    tensorCount: walk.count,
    expectedTensorCount: expected.size,
    weightBytes: walk.weightBytes,
    vocabOnly: false,
  };
}

function refuseBigEmptyModel(filePath: string, family: FamilyLabel, weightBytes: number): void {
  if (weightBytes <= MAX_EMPTY_MODEL_WEIGHT_BYTES) return;
  throw new AppError(
    'model_invalid',
    `${filePath} is a truncated ${family} model: it holds no weights, but its header declares ` +
      `${Math.round(weightBytes / 1e6)} MB of them`,
    { hint: INCOMPLETE_HINT },
  );
}

/**
 * The header only, for listings: family, type, languages and what the model can do (prompt,
 * translation), or null for anything that is not a speech model.
 */
export async function readModelHeader(filePath: string): Promise<{
  family: 'whisper' | 'parakeet';
  type: string;
  multilingual: boolean;
  capabilities: SpeechCapabilities;
} | null> {
  const { head, size } = await readHead(filePath).catch(() => ({ head: Buffer.alloc(0), size: 0 }));
  const kind = kindOf(head);
  if (kind !== 'whisper' && kind !== 'parakeet') return null;
  const handle = await open(filePath, 'r');
  try {
    const reader = new FileReader(handle, size);
    reader.skip(4, 'the magic');
    if (kind === 'whisper') {
      const hparams = await readWhisperHparams(reader, filePath);
      const multilingual = whisperIsMultilingual(hparams);
      return {
        family: kind,
        type: whisperModelType(hparams),
        multilingual,
        capabilities: whisperCapabilities(multilingual, hparams.nVocab),
      };
    }
    const hparams = await readParakeetHparams(reader, filePath);
    const multilingual = parakeetIsMultilingual(hparams);
    return {
      family: kind,
      type: parakeetModelType(hparams),
      multilingual,
      capabilities: parakeetCapabilities(multilingual),
    };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

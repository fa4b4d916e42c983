import { open } from 'node:fs/promises';
import { InferenceSession } from 'onnxruntime-node';
import { AppError } from '../../shared/errors.js';

/** openWakeWord's classifiers take the last 16 embeddings of 96 values: [batch, 16, 96]. */
const EMBEDDINGS = 16;
const EMBEDDING_SIZE = 96;

const IMPORT_HINT =
  'Choose an openWakeWord phrase classifier (.onnx) trained for the 16 x 96 embedding input, ' +
  "e.g. one made with openWakeWord's training notebook.";

/**
 * An ONNX file starts with ModelProto field 1 (ir_version, a varint): tag byte 0x08, then a small
 * version number. Cheap enough to refuse a random file before ONNX Runtime parses it.
 */
async function checkOnnxHeader(file: string): Promise<void> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('model_not_found', `Wake phrase model not found: ${file}`, {
      hint: 'Check the path of the .onnx file.',
      detail: error.message,
    });
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const version = head[1] ?? 0;
    if (bytesRead < 2 || head[0] !== 0x08 || version < 3 || version > 30) {
      throw new AppError('model_invalid', `${file} is not an ONNX model (it has no ONNX protobuf header)`, {
        hint: IMPORT_HINT,
      });
    }
  } finally {
    await handle.close();
  }
}

const dimText = (dim: number | string) => String(dim);

/**
 * Refuses anything the wake word detector could not run as a phrase classifier: not ONNX, not loadable
 * by onnxruntime-node, or an input other than [1 (or a batch dimension), 16, 96].
 */
export async function checkWakeClassifier(file: string): Promise<void> {
  await checkOnnxHeader(file);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  } catch (error) {
    throw new AppError(
      'model_invalid',
      `${file} cannot be loaded by ONNX Runtime: ${(error as Error).message}`,
      {
        hint: IMPORT_HINT,
      },
    );
  }
  try {
    const inputs = session.inputMetadata;
    const input = inputs[0];
    const shape = input?.isTensor ? input.shape : null;
    const batchOk = shape !== null && (shape[0] === 1 || typeof shape[0] === 'string');
    const fits =
      inputs.length === 1 &&
      shape !== null &&
      shape.length === 3 &&
      batchOk &&
      shape[1] === EMBEDDINGS &&
      shape[2] === EMBEDDING_SIZE;
    if (!fits) {
      const found = shape ? `[${shape.map(dimText).join(', ')}]` : 'no tensor input';
      throw new AppError(
        'model_invalid',
        `${file} is not an openWakeWord phrase classifier: its input is ${inputs.length === 1 ? found : `${inputs.length} inputs`}, expected [1, ${EMBEDDINGS}, ${EMBEDDING_SIZE}]`,
        { hint: IMPORT_HINT },
      );
    }
  } finally {
    await session.release();
  }
}

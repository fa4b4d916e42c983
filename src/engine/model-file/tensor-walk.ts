import type { FileReader } from './file-reader.js';
import { tensorBytes, typeName, typeTraits } from './ggml-types.js';
import { damagedModel, missingTensors, truncatedModel, type FamilyLabel } from './model-file-errors.js';

/** A tensor the loader creates from the hyper-parameters: its shape in ggml order (ne) and type. */
export interface ExpectedTensor {
  shape: number[];
  type: number;
}

export interface TensorWalk {
  /** Tensors found in the file (0 for whisper.cpp's header-and-vocabulary test models). */
  count: number;
  /** Bytes of weights the loader will allocate for the expected tensors. */
  weightBytes: number;
}

const padded = (shape: readonly number[]) => [...shape, 1, 1, 1, 1].slice(0, 4);
const sameShape = (a: readonly number[], b: readonly number[]) =>
  padded(a).every((n, i) => n === padded(b)[i]);
const shapeText = (shape: readonly number[]) => shape.join('x');

/**
 * Walks every tensor header after the vocabulary the way whisper.cpp's and parakeet.cpp's loaders
 * read them, and holds each one against the tensor the loader allocates for it: known name, once,
 * the same shape, a type whose bytes match, and data that lies inside the file. The loaders allocate
 * every expected tensor before reading any, so a file must hold all of them (or none, for a test
 * model) for the allocation to be what the file's tensors need.
 */
export async function walkTensors(
  reader: FileReader,
  filePath: string,
  family: FamilyLabel,
  expected: ReadonlyMap<string, ExpectedTensor>,
): Promise<TensorWalk> {
  const seen = new Set<string>();
  const total = expected.size;
  let weightBytes = 0;
  for (const tensor of expected.values()) weightBytes += tensorBytes(tensor.type, tensor.shape);

  while (reader.remaining > 0) {
    const index = seen.size + 1;
    const at = reader.position;
    const nDims = await reader.int32(`the header of tensor ${index}`);
    const nameLength = await reader.int32(`the header of tensor ${index}`);
    const type = await reader.int32(`the header of tensor ${index}`);
    if (nDims < 1 || nDims > 4 || nameLength < 1 || nameLength > 256) {
      throw damagedModel(filePath, family, `tensor ${index} at offset ${at} has a corrupt header`);
    }
    const shape: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const n = await reader.int32(`the shape of tensor ${index}`);
      if (n < 1) throw damagedModel(filePath, family, `tensor ${index} has dimension ${n}`);
      shape.push(n);
    }
    const name = (await reader.bytes(nameLength, `the name of tensor ${index}`)).toString('utf8');
    const want = expected.get(name);
    if (!want) {
      throw damagedModel(
        filePath,
        family,
        `tensor ${index} ("${name}") is not a tensor a ${family} model has`,
      );
    }
    if (seen.has(name)) throw damagedModel(filePath, family, `tensor "${name}" appears twice`);
    seen.add(name);
    if (!sameShape(shape, want.shape)) {
      throw damagedModel(
        filePath,
        family,
        `tensor "${name}" has shape ${shapeText(shape)}, but its header declares ${shapeText(want.shape)}`,
      );
    }
    const fileTraits = typeTraits(type);
    const wantBytes = tensorBytes(want.type, want.shape);
    const elements = shape.reduce((a, b) => a * b, 1);
    // The loaders' own test: nelements * type_size(file type) / block_size(expected type) == nbytes.
    const storedBytes = fileTraits
      ? Math.floor((elements * fileTraits.bytes) / (typeTraits(want.type)?.block ?? 1))
      : Number.NaN;
    if (!Number.isFinite(wantBytes) || storedBytes !== wantBytes) {
      throw damagedModel(
        filePath,
        family,
        `tensor "${name}" is stored as ${typeName(type)} where the header's file type makes it ${typeName(want.type)}`,
      );
    }
    if (wantBytes > reader.remaining) {
      const detail = `tensor ${index} of ${total} ("${name}") needs ${wantBytes} bytes at offset ${reader.position}`;
      throw truncatedModel(filePath, family, detail, reader.size);
    }
    reader.skip(wantBytes, `tensor "${name}"`);
  }
  if (seen.size > 0 && seen.size < total) throw missingTensors(filePath, family, seen.size, total);
  return { count: seen.size, weightBytes };
}

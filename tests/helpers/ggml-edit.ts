/**
 * Small surgery on ggml model files for tests: change a hyper-parameter, find a tensor's header,
 * cut a file at a given place. Works on whisper.cpp and parakeet.cpp files alike.
 */

/** Sets the int32 hyper-parameter number `index` (0 = the first after the magic). */
export function withHparam(file: Buffer, index: number, value: number): Buffer {
  const copy = Buffer.from(file);
  copy.writeInt32LE(value, 4 + 4 * index);
  return copy;
}

/** The offset of the header (n_dims, name length, type, shape, name) of the tensor called `name`. */
export function tensorHeaderOffset(file: Buffer, name: string): number {
  const nameAt = file.indexOf(Buffer.from(name, 'utf8'));
  if (nameAt < 0) throw new Error(`no tensor ${name} in the file`);
  for (let dims = 1; dims <= 4; dims++) {
    const at = nameAt - 12 - 4 * dims;
    if (at >= 0 && file.readInt32LE(at) === dims && file.readInt32LE(at + 4) === name.length) return at;
  }
  throw new Error(`tensor ${name}: header not found before its name`);
}

/** Replaces a tensor's name by another of the same length. */
export function withTensorRenamed(file: Buffer, name: string, replacement: string): Buffer {
  if (replacement.length !== name.length) throw new Error('the replacement must be as long as the name');
  const copy = Buffer.from(file);
  const at = copy.indexOf(Buffer.from(name, 'utf8'));
  copy.write(replacement, at, 'utf8');
  return copy;
}

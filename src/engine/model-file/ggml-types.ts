/**
 * The parts of ggml (whisper.cpp 1.9.1's ggml/include/ggml.h and ggml/src/ggml.c) that a model
 * file's headers refer to: the magic, tensor types with their block sizes, and the file types
 * ("ftype") the loaders turn into the type of the big weight matrices.
 */

/** 'ggml' as a little-endian uint32: the first four bytes of every whisper.cpp / parakeet.cpp model. */
export const GGML_MAGIC = 0x67676d6c;

/** ftype is stored as qntvr * 1000 + ftype (ggml.h GGML_QNT_VERSION_FACTOR). */
const QNT_VERSION_FACTOR = 1000;

export const GGML_TYPE = { F32: 0, F16: 1, I32: 26, BF16: 30 } as const;

interface TypeTraits {
  name: string;
  /** Elements per block. */
  block: number;
  /** Bytes per block. */
  bytes: number;
}

/** ggml_type -> traits (ggml.c type_traits), for the types a whisper.cpp or parakeet.cpp file holds. */
const TYPE_TRAITS: Record<number, TypeTraits> = {
  0: { name: 'f32', block: 1, bytes: 4 },
  1: { name: 'f16', block: 1, bytes: 2 },
  2: { name: 'q4_0', block: 32, bytes: 18 },
  3: { name: 'q4_1', block: 32, bytes: 20 },
  6: { name: 'q5_0', block: 32, bytes: 22 },
  7: { name: 'q5_1', block: 32, bytes: 24 },
  8: { name: 'q8_0', block: 32, bytes: 34 },
  9: { name: 'q8_1', block: 32, bytes: 36 },
  10: { name: 'q2_K', block: 256, bytes: 84 },
  11: { name: 'q3_K', block: 256, bytes: 110 },
  12: { name: 'q4_K', block: 256, bytes: 144 },
  13: { name: 'q5_K', block: 256, bytes: 176 },
  14: { name: 'q6_K', block: 256, bytes: 210 },
  15: { name: 'q8_K', block: 256, bytes: 292 },
  24: { name: 'i8', block: 1, bytes: 1 },
  25: { name: 'i16', block: 1, bytes: 2 },
  26: { name: 'i32', block: 1, bytes: 4 },
  27: { name: 'i64', block: 1, bytes: 8 },
  28: { name: 'f64', block: 1, bytes: 8 },
  30: { name: 'bf16', block: 1, bytes: 2 },
};

/**
 * ftype -> ggml_type of the big matrices (ggml_ftype_to_ggml_type), limited to what whisper.cpp's
 * converters and quantize tool write. ggml aborts the process on an ftype it does not know, so an
 * ftype outside this table must never reach the loader.
 */
const FTYPE_TO_TYPE: Record<number, number> = {
  0: 0, // all f32
  1: 1, // mostly f16
  2: 2, // q4_0
  3: 3, // q4_1
  7: 8, // q8_0
  8: 6, // q5_0
  9: 7, // q5_1
  10: 10, // q2_K
  11: 11, // q3_K
  12: 12, // q4_K
  13: 13, // q5_K
  14: 14, // q6_K
  24: 30, // bf16
};

export function typeTraits(type: number): TypeTraits | undefined {
  return TYPE_TRAITS[type];
}

export function typeName(type: number): string {
  return TYPE_TRAITS[type]?.name ?? `type ${type}`;
}

/** The weight type of a file type, or undefined when ggml (or this app) does not know it. */
export function weightTypeOf(ftype: number): number | undefined {
  if (!Number.isInteger(ftype) || ftype < 0) return undefined;
  const qntvr = Math.floor(ftype / QNT_VERSION_FACTOR);
  if (qntvr > 10) return undefined;
  return FTYPE_TO_TYPE[ftype % QNT_VERSION_FACTOR];
}

/** ggml_nbytes of a contiguous tensor of this type and shape (rows of whole blocks), or NaN. */
export function tensorBytes(type: number, shape: readonly number[]): number {
  const traits = TYPE_TRAITS[type];
  if (!traits || shape.length === 0) return Number.NaN;
  const [first = 1, ...rest] = shape;
  if (first % traits.block !== 0) return Number.NaN;
  const rowBytes = (first / traits.block) * traits.bytes;
  return rest.reduce((bytes, n) => bytes * n, rowBytes);
}

/** A weight type with blocks (quantised) that a row of `width` elements cannot be split into. */
export function blockSize(type: number): number {
  return TYPE_TRAITS[type]?.block ?? 1;
}

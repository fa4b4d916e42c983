import { open, stat, type FileHandle } from 'node:fs/promises';
import { GGML_MAGIC } from '../../engine/whisper/model-runtime.js';
import { AppError } from '../../shared/errors.js';

/**
 * Reads a whisper.cpp ggml model the way whisper.cpp's loader does (src/whisper.cpp,
 * whisper_model_load) without loading any weights: magic, hyper-parameters, mel filters, vocabulary,
 * then each tensor's header, skipping its data. A file that is not a model, or is cut short, is
 * rejected with a message that says which.
 */

export interface WhisperHparams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  ftype: number;
}

export interface GgmlModelSummary {
  sizeBytes: number;
  hparams: WhisperHparams;
  /** tiny, base, small, medium, large or large-v3-turbo, from the layer counts. */
  type: string;
  multilingual: boolean;
  tensorCount: number;
  /** How many tensors whisper.cpp expects for these hyper-parameters. */
  expectedTensorCount: number;
  /** whisper.cpp's test models: header and vocabulary, no weights. */
  vocabOnly: boolean;
  /** Set when the tensor walk had to stop early (a tensor type this check does not know). */
  unchecked?: string;
}

const HPARAM_KEYS: (keyof WhisperHparams)[] = [
  'nVocab',
  'nAudioCtx',
  'nAudioState',
  'nAudioHead',
  'nAudioLayer',
  'nTextCtx',
  'nTextState',
  'nTextHead',
  'nTextLayer',
  'nMels',
  'ftype',
];

/** ggml_type -> [elements per block, bytes per block] (ggml.c type_traits). */
const GGML_TYPE_SIZES: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
};

const NOT_A_MODEL_HINT =
  'Use a ggml-*.bin model from the whisper.cpp model list (not a PyTorch, ONNX or GGUF file), or download one with "dictation models download".';
const TRUNCATED_HINT = 'The file is incomplete: download or copy it again.';

class Reader {
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly filePath: string,
  ) {}
  position = 0;
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;

  async bytes(length: number, what: string): Promise<Buffer> {
    if (this.position + length > this.size) {
      throw truncated(this.filePath, this.size, `${what} needs ${length} bytes at offset ${this.position}`);
    }
    const end = this.position + length;
    if (this.position < this.bufferStart || end > this.bufferStart + this.buffer.length) {
      this.buffer = Buffer.alloc(Math.min(Math.max(length, 64 * 1024), this.size - this.position));
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.position);
      this.buffer = this.buffer.subarray(0, bytesRead);
      this.bufferStart = this.position;
    }
    const out = this.buffer.subarray(this.position - this.bufferStart, end - this.bufferStart);
    this.position = end;
    return out;
  }

  async int32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readInt32LE(0);
  }

  async uint32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readUInt32LE(0);
  }

  skip(length: number, what: string): void {
    if (this.position + length > this.size) {
      throw truncated(this.filePath, this.size, `${what} needs ${length} bytes at offset ${this.position}`);
    }
    this.position += length;
  }
}

function truncated(filePath: string, size: number, detail: string): AppError {
  return new AppError(
    'model_invalid',
    `${filePath} is a truncated whisper.cpp model: ${detail}, but the file ends at byte ${size}`,
    { hint: TRUNCATED_HINT },
  );
}

function damaged(filePath: string, detail: string): AppError {
  return new AppError('model_invalid', `${filePath} is a damaged whisper.cpp model: ${detail}`, {
    hint: TRUNCATED_HINT,
  });
}

/** Names what a file is when it is not a ggml model, from its first bytes. */
function describeForeignFile(head: Buffer): string {
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GGUF')) return 'a GGUF file (the llama.cpp format), not a whisper.cpp ggml model';
  if (head.readUInt32BE(0) === GGML_MAGIC)
    return 'a ggml model written big-endian, which whisper.cpp cannot read';
  if (ascii.startsWith('PK\x03\x04'))
    return 'a ZIP archive (a PyTorch checkpoint?), not a whisper.cpp ggml model';
  if (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) {
    return 'a Python pickle (a PyTorch checkpoint?), not a whisper.cpp ggml model';
  }
  if (/^\s*<(!doctype|html|\?xml)/i.test(ascii)) {
    return 'a web page, not a whisper.cpp ggml model (a failed download?)';
  }
  if (/^\s*[{[]/.test(ascii)) return 'a JSON file, not a whisper.cpp ggml model';
  if (ascii.startsWith('\x08') && ascii.includes('onnx'))
    return 'an ONNX model, not a whisper.cpp ggml model';
  return 'not a whisper.cpp ggml model (it does not start with the ggml magic bytes)';
}

export function expectedTensorCount(hparams: WhisperHparams): number {
  // Encoder: positional embedding, 2 convolutions (weight+bias), final norm (weight+bias); 15 per layer.
  // Decoder: positional + token embedding, final norm (weight+bias); 24 per layer (self + cross attention).
  return 7 + 15 * hparams.nAudioLayer + 4 + 24 * hparams.nTextLayer;
}

function modelType(h: WhisperHparams): string {
  switch (h.nAudioLayer) {
    case 4:
      return 'tiny';
    case 6:
      return 'base';
    case 12:
      return 'small';
    case 24:
      return 'medium';
    case 32:
      return h.nTextLayer === 4 ? 'large-v3-turbo' : 'large';
    default:
      return `custom (${h.nAudioLayer} encoder layers)`;
  }
}

function checkHparams(filePath: string, h: WhisperHparams): void {
  const within = (value: number, low: number, high: number) =>
    Number.isInteger(value) && value >= low && value <= high;
  const sane =
    within(h.nVocab, 1, 1_000_000) &&
    within(h.nAudioCtx, 1, 100_000) &&
    within(h.nAudioState, 1, 100_000) &&
    within(h.nAudioHead, 1, 1024) &&
    within(h.nAudioLayer, 1, 1024) &&
    within(h.nTextCtx, 1, 100_000) &&
    within(h.nTextState, 1, 100_000) &&
    within(h.nTextHead, 1, 1024) &&
    within(h.nTextLayer, 1, 1024) &&
    within(h.nMels, 1, 1024) &&
    within(h.ftype, 0, 100_000);
  if (!sane) {
    throw new AppError(
      'model_invalid',
      `${filePath} starts like a ggml file but its header is not a whisper model's ` +
        `(n_vocab=${h.nVocab}, n_audio_layer=${h.nAudioLayer}, n_mels=${h.nMels})`,
      { hint: NOT_A_MODEL_HINT },
    );
  }
}

/**
 * Checks the whole structure of a whisper.cpp ggml model: every section the header declares must be
 * present, and every tensor's data must fit in the file. Reads only headers (a few KB for any model).
 */
export async function inspectModelFile(filePath: string): Promise<GgmlModelSummary> {
  const info = await stat(filePath).catch(() => null);
  if (!info) {
    throw new AppError('model_not_found', `Model file not found: ${filePath}`, {
      hint: 'Check the path, or download a model with "dictation models download".',
    });
  }
  if (!info.isFile())
    throw new AppError('model_invalid', `Not a model file: ${filePath} is not a regular file`);
  if (info.size === 0) {
    throw new AppError('model_invalid', `${filePath} is empty (0 bytes), not a whisper.cpp model`, {
      hint: TRUNCATED_HINT,
    });
  }
  const handle = await open(filePath, 'r');
  try {
    const reader = new Reader(handle, info.size, filePath);
    const head = Buffer.alloc(16);
    await handle.read(head, 0, Math.min(16, info.size), 0);
    if (info.size < 4 || head.readUInt32LE(0) !== GGML_MAGIC) {
      throw new AppError(
        'model_invalid',
        info.size < 4
          ? `${filePath} is only ${info.size} bytes, not a whisper.cpp ggml model`
          : `${filePath} is ${describeForeignFile(head)}`,
        { hint: NOT_A_MODEL_HINT },
      );
    }
    reader.skip(4, 'the magic');

    if (head.toString('latin1', 8, 14) === 'silero') {
      throw new AppError('model_invalid', `${filePath} is a Silero VAD model, not a whisper speech model`, {
        hint: 'Use it as the voice activity model (transcribe --vad-model), and pick a ggml-*.bin speech model here.',
      });
    }
    const hparams = {} as WhisperHparams;
    for (const key of HPARAM_KEYS) hparams[key] = await reader.int32('the header');
    checkHparams(filePath, hparams);

    const nMel = await reader.int32('the mel filter size');
    const nFft = await reader.int32('the mel filter size');
    if (nMel < 1 || nMel > 1024 || nFft < 1 || nFft > 100_000) {
      throw damaged(filePath, `implausible mel filter bank ${nMel} x ${nFft}`);
    }
    reader.skip(nMel * nFft * 4, 'the mel filters');

    const nTokens = await reader.int32('the vocabulary size');
    if (nTokens < 1 || nTokens > 1_000_000) throw damaged(filePath, `implausible vocabulary size ${nTokens}`);
    for (let i = 0; i < nTokens; i++) {
      const length = await reader.uint32(`vocabulary token ${i} of ${nTokens}`);
      if (length > 4096) throw damaged(filePath, `vocabulary token ${i} claims ${length} bytes`);
      reader.skip(length, `vocabulary token ${i} of ${nTokens}`);
    }

    const expected = expectedTensorCount(hparams);
    let tensorCount = 0;
    let unchecked: string | undefined;
    while (reader.position < info.size) {
      const nDims = await reader.int32(`the header of tensor ${tensorCount + 1}`);
      const nameLength = await reader.int32(`the header of tensor ${tensorCount + 1}`);
      const type = await reader.int32(`the header of tensor ${tensorCount + 1}`);
      if (nDims < 1 || nDims > 4 || nameLength < 1 || nameLength > 1024) {
        throw damaged(
          filePath,
          `tensor ${tensorCount + 1} at offset ${reader.position - 12} has a corrupt header`,
        );
      }
      let elements = 1;
      const shape: number[] = [];
      for (let d = 0; d < nDims; d++) {
        const n = await reader.int32(`the shape of tensor ${tensorCount + 1}`);
        if (n < 1) throw damaged(filePath, `tensor ${tensorCount + 1} has dimension ${n}`);
        shape.push(n);
        elements *= n;
      }
      const name = (await reader.bytes(nameLength, `the name of tensor ${tensorCount + 1}`)).toString('utf8');
      const size = GGML_TYPE_SIZES[type];
      if (!size) {
        unchecked = `tensor "${name}" has ggml type ${type}, which this check does not know; the rest was not checked`;
        break;
      }
      const [blockElements, blockBytes] = size;
      const dataBytes = (elements / blockElements) * blockBytes;
      if (!Number.isInteger(dataBytes)) {
        throw damaged(filePath, `tensor "${name}" of shape ${shape.join('x')} does not fit its type ${type}`);
      }
      if (reader.position + dataBytes > info.size) {
        throw truncated(
          filePath,
          info.size,
          `tensor ${tensorCount + 1} of ${expected} ("${name}") needs ${dataBytes} bytes at offset ${reader.position}`,
        );
      }
      reader.position += dataBytes;
      tensorCount++;
    }

    // whisper.cpp loads a file without any tensors as an empty test model; a partial set fails.
    if (!unchecked && tensorCount > 0 && tensorCount < expected) {
      throw new AppError(
        'model_invalid',
        `${filePath} is a truncated whisper.cpp model: it holds ${tensorCount} of the ${expected} tensors its header declares`,
        { hint: TRUNCATED_HINT },
      );
    }
    const summary: GgmlModelSummary = {
      sizeBytes: info.size,
      hparams,
      type: modelType(hparams),
      multilingual: hparams.nVocab >= 51865,
      tensorCount,
      expectedTensorCount: expected,
      vocabOnly: tensorCount === 0 && !unchecked,
    };
    if (unchecked) summary.unchecked = unchecked;
    return summary;
  } finally {
    await handle.close();
  }
}

/**
 * The first bytes only, for listings: the hyper-parameters of a whisper speech model, or null for
 * anything else (another ggml model such as Silero VAD, a foreign or unreadable file).
 */
export async function readHparams(filePath: string): Promise<WhisperHparams | null> {
  const handle = await open(filePath, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(4 + 4 * HPARAM_KEYS.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead < buffer.length || buffer.readUInt32LE(0) !== GGML_MAGIC) return null;
    if (buffer.toString('latin1', 8, 14) === 'silero') return null;
    const hparams = {} as WhisperHparams;
    HPARAM_KEYS.forEach((key, i) => (hparams[key] = buffer.readInt32LE(4 + 4 * i)));
    try {
      checkHparams(filePath, hparams);
    } catch {
      return null;
    }
    return hparams;
  } finally {
    await handle.close();
  }
}

import type { FileReader } from './file-reader.js';
import { GGML_TYPE, blockSize, weightTypeOf } from './ggml-types.js';
import { absurdHparams, damagedModel, vocabularyDamaged } from './model-file-errors.js';
import type { ExpectedTensor } from './tensor-walk.js';

/**
 * A Whisper model as whisper.cpp 1.9.1 reads it (src/whisper.cpp, whisper_model_load): magic,
 * 11 hyper-parameters, the mel filter bank, the vocabulary, then the tensors.
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

const WHISPER_HPARAM_KEYS: readonly (keyof WhisperHparams)[] = [
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

/** Bytes from the start of the file to the end of the hyper-parameters and the filter bank's size. */
export const WHISPER_SIGNATURE_BYTES = 4 + 4 * WHISPER_HPARAM_KEYS.length + 8;
/** whisper.cpp computes a 400-point FFT: its filter bank always has 201 frequency bins. */
const WHISPER_FFT_BINS = 201;

/** The header of a Whisper file: n_mels is repeated as the filter bank's row count, with 201 bins. */
export function looksLikeWhisper(head: Buffer): boolean {
  if (head.length < WHISPER_SIGNATURE_BYTES) return false;
  const nMels = head.readInt32LE(4 + 4 * 9);
  const filterMels = head.readInt32LE(4 + 4 * 11);
  const filterBins = head.readInt32LE(4 + 4 * 12);
  return nMels > 0 && filterMels === nMels && filterBins === WHISPER_FFT_BINS;
}

/**
 * Bounds every real Whisper model is inside (tiny ... large-v3, distilled and fine-tuned ones): the
 * compute buffers and caches whisper.cpp allocates grow with these, and outside them its loader asserts
 * or indexes past its tables (language tokens beyond 51866, an unknown ftype aborts the process).
 */
function checkHparams(filePath: string, h: WhisperHparams): void {
  const faults: string[] = [];
  const within = (key: keyof WhisperHparams, low: number, high: number) => {
    if (!Number.isInteger(h[key]) || h[key] < low || h[key] > high) faults.push(`${key}=${h[key]}`);
  };
  within('nVocab', 1, 51866);
  within('nAudioCtx', 1, 1500);
  within('nAudioState', 1, 4096);
  within('nAudioHead', 1, 64);
  within('nAudioLayer', 1, 64);
  within('nTextCtx', 1, 448);
  within('nTextState', 1, 4096);
  within('nTextHead', 1, 64);
  within('nTextLayer', 1, 64);
  within('nMels', 1, 256);
  if (faults.length === 0) {
    if (h.nTextState !== h.nAudioState) faults.push('n_text_state differs from n_audio_state');
    if (h.nAudioState % h.nAudioHead !== 0 || h.nTextState % h.nTextHead !== 0) {
      faults.push('the state width does not divide into its attention heads');
    }
  }
  if (weightTypeOf(h.ftype) === undefined) faults.push(`file type ${h.ftype} is not one ggml knows`);
  if (faults.length > 0) throw absurdHparams(filePath, 'whisper.cpp', faults.join(', '));
}

export async function readWhisperHparams(reader: FileReader, filePath: string): Promise<WhisperHparams> {
  const hparams = {} as WhisperHparams;
  for (const key of WHISPER_HPARAM_KEYS) hparams[key] = await reader.int32('the header');
  checkHparams(filePath, hparams);
  return hparams;
}

/** Reads (and checks) what lies between the hyper-parameters and the tensors. */
export async function readWhisperPreamble(
  reader: FileReader,
  filePath: string,
  hparams: WhisperHparams,
): Promise<{ vocabularySize: number }> {
  const nMel = await reader.int32('the mel filter size');
  const nFft = await reader.int32('the mel filter size');
  if (nMel !== hparams.nMels || nFft !== WHISPER_FFT_BINS) {
    throw damagedModel(filePath, 'whisper.cpp', `implausible mel filter bank ${nMel} x ${nFft}`);
  }
  reader.skip(nMel * nFft * 4, 'the mel filters');

  const nTokens = await reader.int32('the vocabulary size');
  if (nTokens < 1 || nTokens > hparams.nVocab) {
    throw vocabularyDamaged(
      filePath,
      'whisper.cpp',
      `it declares ${nTokens} tokens for a model of ${hparams.nVocab}`,
    );
  }
  for (let i = 0; i < nTokens; i++) {
    const length = await reader.uint32(`vocabulary token ${i} of ${nTokens}`);
    if (length > 1024) {
      throw vocabularyDamaged(filePath, 'whisper.cpp', `token ${i} of ${nTokens} claims ${length} bytes`);
    }
    reader.skip(length, `vocabulary token ${i} of ${nTokens}`);
  }
  return { vocabularySize: nTokens };
}

/** The tensors whisper_model_load creates for these hyper-parameters, by name. */
export function whisperTensors(h: WhisperHparams): Map<string, ExpectedTensor> {
  const w = weightTypeOf(h.ftype) ?? GGML_TYPE.F16;
  const conv = w === GGML_TYPE.F32 ? GGML_TYPE.F32 : GGML_TYPE.F16;
  const f32 = GGML_TYPE.F32;
  const a = h.nAudioState;
  const t = h.nTextState;
  const out = new Map<string, ExpectedTensor>();
  const add = (name: string, type: number, ...shape: number[]) => out.set(name, { shape, type });

  add('encoder.positional_embedding', f32, a, h.nAudioCtx);
  add('encoder.conv1.weight', conv, 3, h.nMels, a);
  add('encoder.conv1.bias', f32, 1, a);
  add('encoder.conv2.weight', conv, 3, a, a);
  add('encoder.conv2.bias', f32, 1, a);
  add('encoder.ln_post.weight', f32, a);
  add('encoder.ln_post.bias', f32, a);
  const block = (prefix: string, n: number) => {
    add(`${prefix}.mlp_ln.weight`, f32, n);
    add(`${prefix}.mlp_ln.bias`, f32, n);
    add(`${prefix}.mlp.0.weight`, w, n, 4 * n);
    add(`${prefix}.mlp.0.bias`, f32, 4 * n);
    add(`${prefix}.mlp.2.weight`, w, 4 * n, n);
    add(`${prefix}.mlp.2.bias`, f32, n);
  };
  const attention = (prefix: string, n: number) => {
    add(`${prefix}_ln.weight`, f32, n);
    add(`${prefix}_ln.bias`, f32, n);
    add(`${prefix}.query.weight`, w, n, n);
    add(`${prefix}.query.bias`, f32, n);
    add(`${prefix}.key.weight`, w, n, n);
    add(`${prefix}.value.weight`, w, n, n);
    add(`${prefix}.value.bias`, f32, n);
    add(`${prefix}.out.weight`, w, n, n);
    add(`${prefix}.out.bias`, f32, n);
  };
  for (let i = 0; i < h.nAudioLayer; i++) {
    block(`encoder.blocks.${i}`, a);
    attention(`encoder.blocks.${i}.attn`, a);
  }
  add('decoder.positional_embedding', f32, t, h.nTextCtx);
  add('decoder.token_embedding.weight', w, t, h.nVocab);
  add('decoder.ln.weight', f32, t);
  add('decoder.ln.bias', f32, t);
  for (let i = 0; i < h.nTextLayer; i++) {
    block(`decoder.blocks.${i}`, t);
    attention(`decoder.blocks.${i}.attn`, t);
    attention(`decoder.blocks.${i}.cross_attn`, t);
  }
  return out;
}

/** A quantised file type needs rows that split into whole blocks. */
export function checkWhisperBlocks(filePath: string, h: WhisperHparams): void {
  const block = blockSize(weightTypeOf(h.ftype) ?? GGML_TYPE.F16);
  if (h.nAudioState % block !== 0) {
    throw absurdHparams(
      filePath,
      'whisper.cpp',
      `a state width of ${h.nAudioState} cannot be stored in blocks of ${block}`,
    );
  }
}

/** tiny, base, small, medium, large or large-v3-turbo, from the layer counts (as whisper.cpp names them). */
export function whisperModelType(h: WhisperHparams): string {
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

export const whisperIsMultilingual = (h: WhisperHparams) => h.nVocab >= 51865;

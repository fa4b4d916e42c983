import type { FileReader } from './file-reader.js';
import { GGML_TYPE, blockSize, weightTypeOf } from './ggml-types.js';
import { absurdHparams, damagedModel, vocabularyDamaged } from './model-file-errors.js';
import type { ExpectedTensor } from './tensor-walk.js';

/**
 * A Parakeet TDT model as parakeet.cpp (whisper.cpp 1.9.1, src/parakeet.cpp parakeet_model_load)
 * reads it: magic, 15 hyper-parameters, the mel filter bank, the STFT window, the TDT durations, the
 * SentencePiece vocabulary, then the tensors (models/convert-parakeet-to-ggml.py writes them).
 */

export interface ParakeetHparams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nMels: number;
  ftype: number;
  nFft: number;
  subsamplingFactor: number;
  nSubsamplingChannels: number;
  nConvKernel: number;
  nPredDim: number;
  nPredLayers: number;
  nTdtDurations: number;
  nMaxTokens: number;
}

const PARAKEET_HPARAM_KEYS: readonly (keyof ParakeetHparams)[] = [
  'nVocab',
  'nAudioCtx',
  'nAudioState',
  'nAudioHead',
  'nAudioLayer',
  'nMels',
  'ftype',
  'nFft',
  'subsamplingFactor',
  'nSubsamplingChannels',
  'nConvKernel',
  'nPredDim',
  'nPredLayers',
  'nTdtDurations',
  'nMaxTokens',
];

export const PARAKEET_SIGNATURE_BYTES = 4 + 4 * PARAKEET_HPARAM_KEYS.length + 8;

/** The header of a Parakeet file: n_mels is repeated as the filter bank's rows, with n_fft/2+1 bins. */
export function looksLikeParakeet(head: Buffer): boolean {
  if (head.length < PARAKEET_SIGNATURE_BYTES) return false;
  const nMels = head.readInt32LE(4 + 4 * 5);
  const nFft = head.readInt32LE(4 + 4 * 7);
  const filterMels = head.readInt32LE(4 + 4 * 15);
  const filterBins = head.readInt32LE(4 + 4 * 16);
  return nMels > 0 && nFft > 0 && filterMels === nMels && filterBins === Math.floor(nFft / 2) + 1;
}

/**
 * Bounds outside which parakeet.cpp allocates without limit, asserts, or loops: n_audio_ctx sizes
 * the encoder graph, the token batch and the logits buffer it reserves at load; n_max_tokens bounds
 * the tokens the decoder emits per frame; a graph built for a subsampling factor other than 8, an
 * even convolution kernel, n_mels not divisible by 8 or more than 2 prediction layers (its tensor
 * context holds only that many) abort the process inside ggml.
 */
function checkHparams(filePath: string, h: ParakeetHparams): void {
  const faults: string[] = [];
  const within = (key: keyof ParakeetHparams, low: number, high: number) => {
    if (!Number.isInteger(h[key]) || h[key] < low || h[key] > high) faults.push(`${key}=${h[key]}`);
  };
  within('nVocab', 1, 65_536);
  within('nAudioCtx', 1, 10_000);
  within('nAudioState', 1, 4096);
  within('nAudioHead', 1, 64);
  within('nAudioLayer', 1, 64);
  within('nMels', 8, 256);
  within('nFft', 16, 4096);
  within('subsamplingFactor', 8, 8);
  within('nSubsamplingChannels', 1, 1024);
  within('nConvKernel', 1, 63);
  within('nPredDim', 1, 4096);
  within('nPredLayers', 1, 2);
  within('nTdtDurations', 1, 32);
  within('nMaxTokens', 1, 100);
  if (faults.length === 0) {
    if (h.nAudioState % h.nAudioHead !== 0) faults.push('the state width does not divide into its heads');
    if (h.nMels % h.subsamplingFactor !== 0) faults.push(`n_mels=${h.nMels} is not a multiple of 8`);
    if (h.nConvKernel % 2 === 0) faults.push(`an even convolution kernel (${h.nConvKernel})`);
    if (h.nFft % 2 !== 0) faults.push(`an odd FFT size (${h.nFft})`);
  }
  const w = weightTypeOf(h.ftype);
  if (w === undefined) faults.push(`file type ${h.ftype} is not one ggml knows`);
  else if (faults.length === 0) {
    const block = blockSize(w);
    const width = (h.nMels / h.subsamplingFactor) * h.nSubsamplingChannels;
    if (h.nAudioState % block !== 0 || width % block !== 0) {
      faults.push(`its widths cannot be stored in blocks of ${block}`);
    }
  }
  if (faults.length > 0) throw absurdHparams(filePath, 'Parakeet', faults.join(', '));
}

export async function readParakeetHparams(reader: FileReader, filePath: string): Promise<ParakeetHparams> {
  const hparams = {} as ParakeetHparams;
  for (const key of PARAKEET_HPARAM_KEYS) hparams[key] = await reader.int32('the header');
  checkHparams(filePath, hparams);
  return hparams;
}

/** Filter bank, window, TDT durations and vocabulary, each checked against the hyper-parameters. */
export async function readParakeetPreamble(
  reader: FileReader,
  filePath: string,
  h: ParakeetHparams,
): Promise<{ vocabularySize: number; durations: number[] }> {
  const nMel = await reader.int32('the mel filter size');
  const nBins = await reader.int32('the mel filter size');
  if (nMel !== h.nMels || nBins !== h.nFft / 2 + 1) {
    throw damagedModel(filePath, 'Parakeet', `implausible mel filter bank ${nMel} x ${nBins}`);
  }
  reader.skip(nMel * nBins * 4, 'the mel filters');

  const nWindow = await reader.int32('the window size');
  // The STFT centres the window in an n_fft frame; a longer one would be written past the frame.
  if (nWindow < 1 || nWindow > h.nFft) {
    throw damagedModel(filePath, 'Parakeet', `a window of ${nWindow} samples for an FFT of ${h.nFft}`);
  }
  reader.skip(nWindow * 4, 'the window function');

  const durations: number[] = [];
  for (let i = 0; i < h.nTdtDurations; i++) durations.push(await reader.uint32('the TDT durations'));
  // The decoder advances by these many frames; a huge one wraps negative and never ends.
  if (durations.some((d) => d > 100)) {
    throw damagedModel(filePath, 'Parakeet', `implausible TDT durations [${durations.join(', ')}]`);
  }

  const nTokens = await reader.int32('the vocabulary size');
  // The blank token is n_vocab and the joint network's outputs follow it: the counts must agree,
  // or a decoded id would fall outside the vocabulary (parakeet.cpp then throws on the worker thread).
  if (nTokens !== h.nVocab) {
    throw vocabularyDamaged(
      filePath,
      'Parakeet',
      `it holds ${nTokens} tokens where the header declares ${h.nVocab}`,
    );
  }
  for (let i = 0; i < nTokens; i++) {
    const length = await reader.uint32(`vocabulary token ${i} of ${nTokens}`);
    if (length > 256) {
      throw vocabularyDamaged(filePath, 'Parakeet', `token ${i} of ${nTokens} claims ${length} bytes`);
    }
    reader.skip(length, `vocabulary token ${i} of ${nTokens}`);
  }
  return { vocabularySize: nTokens, durations };
}

/** The tensors parakeet_model_load creates for these hyper-parameters, by name. */
export function parakeetTensors(h: ParakeetHparams): Map<string, ExpectedTensor> {
  const w = weightTypeOf(h.ftype) ?? GGML_TYPE.F16;
  const f32 = GGML_TYPE.F32;
  // The 640-wide prediction and joint networks stay f32 when a quantised block does not divide them.
  const block = blockSize(w);
  const pred = block > 1 && h.nPredDim % block !== 0 ? f32 : w;
  const s = h.nAudioState;
  const ch = h.nSubsamplingChannels;
  const d = h.nPredDim;
  const out = new Map<string, ExpectedTensor>();
  const add = (name: string, type: number, ...shape: number[]) => out.set(name, { shape, type });

  add('encoder.pre_encode.out.weight', w, (h.nMels / h.subsamplingFactor) * ch, s);
  add('encoder.pre_encode.out.bias', f32, s);
  for (const [conv, pointwise] of [
    [0, false],
    [2, false],
    [3, true],
    [5, false],
    [6, true],
  ] as const) {
    const shape = pointwise ? [1, 1, ch, ch] : [3, 3, 1, ch];
    add(`encoder.pre_encode.conv.${conv}.weight`, f32, ...shape);
    add(`encoder.pre_encode.conv.${conv}.bias`, f32, 1, 1, ch, 1);
  }
  for (let i = 0; i < h.nAudioLayer; i++) {
    const p = `encoder.layers.${i}`;
    for (const norm of [
      'norm_feed_forward1',
      'norm_conv',
      'norm_self_att',
      'norm_feed_forward2',
      'norm_out',
    ]) {
      add(`${p}.${norm}.weight`, f32, s);
      add(`${p}.${norm}.bias`, f32, s);
    }
    for (const ff of ['feed_forward1', 'feed_forward2']) {
      add(`${p}.${ff}.linear1.weight`, w, s, 4 * s);
      add(`${p}.${ff}.linear2.weight`, w, 4 * s, s);
    }
    add(`${p}.conv.pointwise_conv1.weight`, w, s, 2 * s);
    add(`${p}.conv.depthwise_conv.weight`, f32, h.nConvKernel, s);
    for (const bn of ['weight', 'bias', 'running_mean', 'running_var'])
      add(`${p}.conv.batch_norm.${bn}`, f32, s);
    add(`${p}.conv.batch_norm.num_batches_tracked`, GGML_TYPE.I32, 1);
    add(`${p}.conv.pointwise_conv2.weight`, w, s, s);
    add(`${p}.self_attn.pos_bias_u`, f32, s / h.nAudioHead, h.nAudioHead);
    add(`${p}.self_attn.pos_bias_v`, f32, s / h.nAudioHead, h.nAudioHead);
    for (const proj of ['linear_q', 'linear_k', 'linear_v', 'linear_out', 'linear_pos']) {
      add(`${p}.self_attn.${proj}.weight`, w, s, s);
    }
  }
  add('decoder.prediction.embed.weight', pred, d, h.nVocab + 1);
  for (let i = 0; i < h.nPredLayers; i++) {
    add(`decoder.prediction.dec_rnn.lstm.weight_ih_l${i}`, pred, d, 4 * d);
    add(`decoder.prediction.dec_rnn.lstm.weight_hh_l${i}`, pred, d, 4 * d);
    add(`decoder.prediction.dec_rnn.lstm.bias_h_l${i}`, f32, 4 * d);
  }
  const jointOut = h.nVocab + h.nTdtDurations + 1;
  add('joint.pred.weight', pred, d, d);
  add('joint.pred.bias', f32, d);
  add('joint.enc.weight', w, s, d);
  add('joint.enc.bias', f32, d);
  add('joint.joint_net.2.weight', pred, d, jointOut);
  add('joint.joint_net.2.bias', f32, jointOut);
  return out;
}

/**
 * NVIDIA's published sizes: 0.6B (24 layers, 1024 wide; v2 English with 1024 tokens, v3 25
 * European languages with 8192) and 1.1B (42 layers). Anything else is named by its shape.
 */
export function parakeetModelType(h: ParakeetHparams): string {
  if (h.nAudioLayer === 24 && h.nAudioState === 1024) return h.nVocab === 8192 ? 'tdt-0.6b-v3' : 'tdt-0.6b';
  if (h.nAudioLayer === 42 && h.nAudioState === 1024) return 'tdt-1.1b';
  return `custom (${h.nAudioLayer} encoder layers, ${h.nAudioState} wide)`;
}

/** v3's 8192-token vocabulary covers 25 European languages; the smaller ones are English only. */
export const parakeetIsMultilingual = (h: ParakeetHparams) => h.nVocab >= 8192;

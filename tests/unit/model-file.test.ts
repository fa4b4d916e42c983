import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detectModelFamily,
  inspectModelFile,
  readModelHeader,
} from '../../src/engine/model-file/inspect-model-file.js';
import { AppError } from '../../src/shared/errors.js';
import { fixtures, makeTempDir, parakeetTestModel } from '../helpers/fixtures.js';
import { tensorHeaderOffset, withHparam, withTensorRenamed } from '../helpers/ggml-edit.js';

const temp = makeTempDir('dictation-model-file-');
afterAll(() => temp.cleanup());

const tiny = parakeetTestModel();
const tinyBytes = readFileSync(tiny);

function write(name: string, content: Buffer): string {
  const file = path.join(temp.dir, name);
  writeFileSync(file, content);
  return file;
}

async function refusal(file: string): Promise<AppError> {
  const error = await inspectModelFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe('model_invalid');
  return error as AppError;
}

/** Parakeet hyper-parameters by position after the magic (parakeet.cpp's read order). */
const P = { nVocab: 0, nAudioCtx: 1, nAudioLayer: 4, ftype: 6, nPredLayers: 12, nMaxTokens: 14 };
/** Whisper's: n_vocab is first, n_audio_ctx second, ftype the 11th. */
const W = { nVocab: 0, nAudioCtx: 1 };

describe('model family from the file header', () => {
  it('tells Whisper, Parakeet, other ggml files and foreign files apart, whatever their names', async () => {
    const disguised = path.join(temp.dir, 'ggml-base.en.bin');
    copyFileSync(tiny, disguised);
    expect(await detectModelFamily(disguised)).toBe('parakeet');
    const whisperNamedParakeet = path.join(temp.dir, 'parakeet-tdt-0.6b-v3.bin');
    copyFileSync(fixtures.microModel, whisperNamedParakeet);
    expect(await detectModelFamily(whisperNamedParakeet)).toBe('whisper');
    expect(await detectModelFamily(fixtures.sileroVad)).toBe('other-ggml');
    expect(await detectModelFamily(write('noise.bin', randomBytes(4096)))).toBe('not-ggml');
    expect(await readModelHeader(disguised)).toEqual({
      family: 'parakeet',
      type: expect.stringMatching(/^custom/),
      multilingual: false,
      capabilities: {
        family: 'parakeet',
        languages: ['en'],
        languageSelectable: false,
        takesPrompt: false,
        translates: false,
      },
    });
    expect((await readModelHeader(whisperNamedParakeet))?.capabilities).toMatchObject({
      family: 'whisper',
      takesPrompt: true,
    });
    expect(await readModelHeader(fixtures.sileroVad)).toBeNull();
  });

  it('checks a whole Parakeet file: every tensor present with the shape its header implies', async () => {
    const report = await inspectModelFile(tiny);
    expect(report.family).toBe('parakeet');
    expect(report.tensorCount).toBe(51);
    expect(report.expectedTensorCount).toBe(51);
    expect(report.vocabOnly).toBe(false);
    expect(report.sizeBytes).toBe(tinyBytes.length);
    // f32 weights: what the loader allocates is (almost) the whole file.
    expect(report.weightBytes).toBeGreaterThan(tinyBytes.length * 0.5);
    expect(report.weightBytes).toBeLessThan(tinyBytes.length);
  });

  it('still checks Whisper files, with weights and without (whisper.cpp test models)', async () => {
    const micro = await inspectModelFile(fixtures.microModel);
    expect(micro).toMatchObject({
      family: 'whisper',
      tensorCount: 128,
      expectedTensorCount: 128,
      vocabOnly: false,
    });
    const vocabOnly = await inspectModelFile(fixtures.vocabOnlyModel);
    expect(vocabOnly).toMatchObject({ family: 'whisper', type: 'tiny', tensorCount: 0, vocabOnly: true });
  });
});

describe('faults, one message each', () => {
  it('a Parakeet file cut inside a tensor names the tensor', async () => {
    const file = write('cut.bin', tinyBytes.subarray(0, tinyBytes.length - 20));
    const error = await refusal(file);
    expect(error.message).toMatch(
      /cut\.bin is a truncated Parakeet model: tensor 51 of 51 \("joint\.joint_net\.2\.bias"\) needs 52 bytes at offset \d+, but the file ends at byte \d+$/,
    );
    expect(error.hint).toMatch(/incomplete.*Models tab/);
    expect(error.cliHint).toMatch(/incomplete.*dictation models download/);
  });

  it('a Parakeet file cut between two tensors is counted short', async () => {
    const at = tensorHeaderOffset(tinyBytes, 'decoder.prediction.embed.weight');
    const error = await refusal(write('between.bin', tinyBytes.subarray(0, at)));
    expect(error.message).toMatch(
      /between\.bin is a truncated Parakeet model: it holds 41 of the 51 tensors/,
    );
  });

  it('a Parakeet file cut inside its vocabulary or header', async () => {
    const header = await refusal(write('head.bin', tinyBytes.subarray(0, 80)));
    expect(header.message).toMatch(/truncated Parakeet model: the mel filters needs 2112 bytes at offset 72/);
    const stub = await refusal(write('stub.bin', tinyBytes.subarray(0, 40)));
    expect(stub.message).toMatch(
      /stub\.bin is a truncated whisper\.cpp model: its header needs at least 56 bytes, but the file ends at byte 40/,
    );
    const vocabulary = await refusal(write('vocab.bin', tinyBytes.subarray(0, 2500)));
    expect(vocabulary.message).toMatch(
      /truncated Parakeet model: vocabulary token \d+ of 10|the TDT durations/,
    );
  });

  it('absurd hyper-parameters are refused before anything is allocated', async () => {
    const layers = await refusal(write('layers.bin', withHparam(tinyBytes, P.nAudioLayer, 100_000)));
    expect(layers.message).toMatch(
      /starts like a Parakeet model but its header is not one a real model has \(nAudioLayer=100000\)/,
    );
    const context = await refusal(write('ctx.bin', withHparam(tinyBytes, P.nAudioCtx, 1 << 30)));
    expect(context.message).toMatch(/nAudioCtx=1073741824/);
    // parakeet.cpp's tensor context holds two prediction layers; a third aborts the process.
    expect((await refusal(write('pred.bin', withHparam(tinyBytes, P.nPredLayers, 3)))).message).toMatch(
      /nPredLayers=3/,
    );
    // ggml aborts the process on a file type it does not know.
    expect((await refusal(write('ftype.bin', withHparam(tinyBytes, P.ftype, 4)))).message).toMatch(
      /file type 4 is not one ggml knows/,
    );
    expect((await refusal(write('tokens.bin', withHparam(tinyBytes, P.nMaxTokens, 1e6)))).message).toMatch(
      /nMaxTokens=1000000/,
    );
    const whisper = readFileSync(fixtures.vocabOnlyModel);
    expect((await refusal(write('w-vocab.bin', withHparam(whisper, W.nVocab, 99_999)))).message).toMatch(
      /starts like a whisper\.cpp model but .*nVocab=99999/,
    );
    expect((await refusal(write('w-ctx.bin', withHparam(whisper, W.nAudioCtx, 150_000)))).message).toMatch(
      /nAudioCtx=150000/,
    );
  });

  it('a vocabulary that does not match the header is damaged', async () => {
    const error = await refusal(write('vocab-count.bin', withHparam(tinyBytes, P.nVocab, 11)));
    expect(error.message).toMatch(
      /is a Parakeet model with a damaged vocabulary: it holds 10 tokens where the header declares 11/,
    );
  });

  it('a tensor that no Parakeet model has, or a shape the header does not declare', async () => {
    const renamed = withTensorRenamed(tinyBytes, 'joint.enc.weight', 'joint.xyz.weight');
    expect((await refusal(write('renamed.bin', renamed))).message).toMatch(
      /is a damaged Parakeet model: tensor \d+ \("joint\.xyz\.weight"\) is not a tensor a Parakeet model has/,
    );
    const reshaped = Buffer.from(tinyBytes);
    const at = tensorHeaderOffset(reshaped, 'joint.enc.weight');
    reshaped.writeInt32LE(4, at + 12); // ne0 8 -> 4, ne1 8 -> 16: same size, other shape
    reshaped.writeInt32LE(16, at + 16);
    expect((await refusal(write('reshaped.bin', reshaped))).message).toMatch(
      /tensor "joint\.enc\.weight" has shape 4x16, but its header declares 8x8/,
    );
  });

  it('a header-only file that claims a big model is refused (the loader would allocate its weights)', async () => {
    const whisper = readFileSync(fixtures.vocabOnlyModel);
    // tiny.en's header with large's 32+32 layers of 1280: 3 GB of weights from a 587 KB file.
    let big = withHparam(whisper, 2, 1280);
    big = withHparam(big, 3, 20);
    big = withHparam(big, 4, 32);
    big = withHparam(big, 6, 1280);
    big = withHparam(big, 7, 20);
    big = withHparam(big, 8, 32);
    const error = await refusal(write('big-empty.bin', big));
    expect(error.message).toMatch(/holds no weights, but its header declares \d{4} MB of them/);
    const parakeetHeaderOnly = tinyBytes.subarray(
      0,
      tensorHeaderOffset(tinyBytes, 'encoder.pre_encode.out.weight'),
    );
    expect((await refusal(write('p-empty.bin', parakeetHeaderOnly))).message).toMatch(
      /truncated Parakeet model: it holds none of the 51 tensors/,
    );
  });

  it('foreign files and ggml files of another kind say what they are', async () => {
    const vad = await refusal(fixtures.sileroVad);
    expect(vad.message).toBe(`${fixtures.sileroVad} is a Silero VAD model, not a whisper speech model`);
    const other = Buffer.concat([Buffer.from([0x6c, 0x6d, 0x67, 0x67]), randomBytes(4096)]);
    expect((await refusal(write('other.bin', other))).message).toMatch(
      /is a ggml file of another kind: its header is neither a Whisper nor a Parakeet speech model's/,
    );
    const nemo = Buffer.alloc(1024);
    nemo.write('model_config.yaml', 0);
    nemo.write('ustar', 257);
    expect((await refusal(write('model.nemo', nemo))).message).toMatch(
      /a tar archive \(a NeMo \.nemo checkpoint\?\)/,
    );
  });
});

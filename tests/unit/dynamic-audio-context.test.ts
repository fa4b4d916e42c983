import { describe, expect, it } from 'vitest';
import { takesDynamicAudioContext } from '../../src/services/dictation/listen-config.js';
import { windowOptions } from '../../src/engine/whisper/windowed-transcriber.js';

const base = {
  threads: 1,
  language: 'en',
  translate: false,
  initialPrompt: '',
  tokenTimestamps: false,
  beamSize: 1,
  noSpeechThreshold: 0.6,
  noContext: true,
  suppressNonSpeech: true,
};

describe('dynamic audio context (ACFT models)', () => {
  it("is used for FUTO's ACFT files only", () => {
    expect(takesDynamicAudioContext('base_en_acft_q8_0.bin')).toBe(true);
    expect(takesDynamicAudioContext('/models/tiny-acft.bin')).toBe(true);
    expect(takesDynamicAudioContext('ggml-base.en.bin')).toBe(false);
    expect(takesDynamicAudioContext('ggml-draft.bin')).toBe(false);
  });

  it('sizes the encoder window to the audio, with 32 frames of margin, in steps of 64, never above the full window', () => {
    const run = { options: base, windowMs: 30_000, dynamicAudioContext: true };
    expect(windowOptions(run, 5 * 16_000).audioCtx).toBe(320); // 250 frames + 32 -> 320
    expect(windowOptions(run, 16_000 / 10).audioCtx).toBe(64);
    expect(windowOptions(run, 30 * 16_000).audioCtx).toBeUndefined();
    expect(windowOptions({ ...run, dynamicAudioContext: false }, 5 * 16_000).audioCtx).toBeUndefined();
  });

  it('stops the decoder at the given tokens per second of audio', () => {
    const run = { options: base, windowMs: 30_000, maxTokensPerSecond: 3 };
    expect(windowOptions(run, 5 * 16_000).maxTokens).toBe(15);
    expect(windowOptions(run, 16_000 / 10).maxTokens).toBe(1);
  });
});

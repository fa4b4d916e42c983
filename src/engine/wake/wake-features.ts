import type { OnnxSession } from './onnx-session.js';

/** openWakeWord's fixed front end: 80 ms steps, 32 mel bands, 76-frame windows, 96-value embeddings. */
export const STEP_SAMPLES = 1280;
const MEL_CONTEXT_SAMPLES = 480;
const MEL_BANDS = 32;
const MEL_FRAMES_PER_STEP = 8;
const WINDOW_FRAMES = 76;
export const EMBEDDING_SIZE = 96;
export const EMBEDDINGS_PER_SCORE = 16;
/** Models take int16-range samples. */
const INT16_SCALE = 32768;

/**
 * The streaming front end shared by every phrase: each 1280-sample step adds 8 mel frames and one
 * embedding of the last 76 frames; `features` is the last 16 embeddings, oldest first, ready for a
 * phrase classifier.
 */
export class WakeFeatures {
  private readonly melInput = new Float32Array(MEL_CONTEXT_SAMPLES + STEP_SAMPLES);
  private readonly mel = new Float32Array(WINDOW_FRAMES * MEL_BANDS);
  readonly features = new Float32Array(EMBEDDINGS_PER_SCORE * EMBEDDING_SIZE);
  /** Steps since the last reset; the first few scores see the padding, not audio. */
  steps = 0;

  constructor(
    private readonly melModel: OnnxSession,
    private readonly embeddingModel: OnnxSession,
  ) {
    this.reset();
  }

  /** Forgets all audio: the state of a stream that begins now (silence before it). */
  reset(): void {
    this.melInput.fill(0);
    this.mel.fill(1);
    const silent = this.embed();
    for (let i = 0; i < EMBEDDINGS_PER_SCORE; i++) this.features.set(silent, i * EMBEDDING_SIZE);
    this.steps = 0;
  }

  /** One 80 ms step of 16 kHz float audio. */
  push(step: Float32Array): void {
    this.melInput.copyWithin(0, STEP_SAMPLES);
    for (let i = 0; i < STEP_SAMPLES; i++)
      this.melInput[MEL_CONTEXT_SAMPLES + i] = (step[i] ?? 0) * INT16_SCALE;
    const frames = this.melModel.run(this.melInput, [1, this.melInput.length]);
    const fresh = MEL_FRAMES_PER_STEP * MEL_BANDS;
    this.mel.copyWithin(0, fresh);
    const newest = frames.subarray(frames.length - fresh);
    for (let i = 0; i < fresh; i++) this.mel[this.mel.length - fresh + i] = (newest[i] ?? 0) / 10 + 2;
    this.features.copyWithin(0, EMBEDDING_SIZE);
    this.features.set(this.embed(), this.features.length - EMBEDDING_SIZE);
    this.steps += 1;
  }

  private embed(): Float32Array {
    return this.embeddingModel.run(this.mel, [1, WINDOW_FRAMES, MEL_BANDS, 1]);
  }
}

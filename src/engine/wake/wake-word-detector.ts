import path from 'node:path';
import type { AudienceHints } from '../../shared/errors.js';

import { OnnxSession } from './onnx-session.js';
import { PhraseClassifier } from './phrase-classifier.js';
import { STEP_SAMPLES, WakeFeatures } from './wake-features.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

export interface WakeWordOptions {
  models: { phrase: string; path: string }[];
  /** Score (0..1) at which a phrase counts as heard. */
  threshold: number;
  /** After a detection, nothing triggers for this long. */
  refractoryMs: number;
  /** Folder holding melspectrogram.onnx and embedding_model.onnx; default: the first phrase model's. */
  frontEndDir?: string | undefined;
}

export interface WakeDetection {
  phrase: string;
  /** Highest score of the phrase (followed for up to 240 ms after it first crossed the threshold). */
  confidence: number;
  /**
   * Input position (samples) where the phrase is over: the end of the 80 ms step whose score first
   * crossed the threshold (the classifier only scores high once the whole phrase is in its window).
   */
  endAt: number;
}

const samples = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000);
/**
 * Audio kept while the models sleep and replayed when voice returns (640 ms): the VAD hears voice a
 * little after it starts, and a phrase said at speech onset must be whole. A longer replay costs more
 * CPU at every speech onset and found no more phrases on the bench's clip.
 */
const CONTEXT_STEPS = 8;
/** The first scores after a restart see padding rather than audio (openWakeWord skips 5 too). */
const WARMUP_STEPS = 5;
/** The models keep running this long after the VAD last heard voice (the score peaks after the phrase). */
const VOICE_HANGOVER = samples(480);
/** A score above the threshold is followed this long for its peak (the reported confidence). */
const PEAK_SEARCH = samples(240);
const FRONT_END_HINT =
  'Put melspectrogram.onnx and embedding_model.onnx (openWakeWord) next to the phrase model, or import them again.';
const PHRASE_HINT: AudienceHints = {
  window: 'Choose an openWakeWord phrase model (.onnx) in Settings, or import it again.',
  cli: 'Give an openWakeWord phrase model (.onnx) with --wake-model, or install it again ("dictation models wake install").',
};

interface Candidate {
  phrase: string;
  score: number;
  endAt: number;
  firstAt: number;
}

/**
 * openWakeWord in a stream: 16 kHz float audio in blocks of any size, one decision per 80 ms step.
 * The ONNX models run only while the VAD hears voice (and a moment after); in silence each step is
 * just kept in a short history, replayed when voice returns so a phrase said at speech onset is whole.
 */
export class WakeWordDetector {
  private readonly pending = new Float32Array(STEP_SAMPLES);
  private pendingLength = 0;
  private position = 0;
  private readonly history: { audio: Float32Array; endAt: number }[] = [];
  private historyNext = 0;
  private lastVoiceAt: number | null = null;
  private warm = false;
  private candidate: Candidate | null = null;
  private quietUntil = 0;
  /** Steps seen, and steps the models actually ran on (replays included). */
  readonly stats = { steps: 0, computedSteps: 0 };

  private constructor(
    private readonly features: WakeFeatures,
    private readonly classifiers: PhraseClassifier[],
    private readonly sessions: OnnxSession[],
    private readonly options: WakeWordOptions,
  ) {}

  static load(options: WakeWordOptions): WakeWordDetector {
    const first = options.models[0];
    const frontEndDir = options.frontEndDir ?? (first ? path.dirname(first.path) : '.');
    const sessions: OnnxSession[] = [];
    const open = (file: string, hint: string | AudienceHints) => {
      const session = OnnxSession.load(file, hint);
      sessions.push(session);
      return session;
    };
    try {
      const features = new WakeFeatures(
        open(path.join(frontEndDir, 'melspectrogram.onnx'), FRONT_END_HINT),
        open(path.join(frontEndDir, 'embedding_model.onnx'), FRONT_END_HINT),
      );
      const classifiers = options.models.map(
        (m) => new PhraseClassifier(m.phrase, open(m.path, PHRASE_HINT)),
      );
      return new WakeWordDetector(features, classifiers, sessions, options);
    } catch (error) {
      for (const session of sessions) session.dispose();
      throw error;
    }
  }

  /**
   * `voice`: the VAD heard voice in this block. `listening` false (an utterance is being recorded)
   * keeps the history but runs nothing and reports nothing.
   */
  push(block: Float32Array, voice: boolean, listening = true): WakeDetection[] {
    const detections: WakeDetection[] = [];
    if (voice) this.lastVoiceAt = this.position + block.length;
    let offset = 0;
    while (offset < block.length) {
      const n = Math.min(STEP_SAMPLES - this.pendingLength, block.length - offset);
      this.pending.set(block.subarray(offset, offset + n), this.pendingLength);
      this.pendingLength += n;
      offset += n;
      if (this.pendingLength === STEP_SAMPLES) {
        this.pendingLength = 0;
        this.step(this.position + offset, listening, detections);
      }
    }
    this.position += block.length;
    return detections;
  }

  dispose(): void {
    for (const session of this.sessions) session.dispose();
  }

  private step(endAt: number, listening: boolean, detections: WakeDetection[]): void {
    this.stats.steps += 1;
    const slot = this.remember(endAt);
    const active = listening && this.lastVoiceAt !== null && endAt - this.lastVoiceAt < VOICE_HANGOVER;
    // A phrase said while nobody listened (an utterance was being recorded) must not trigger later.
    if (!listening) {
      this.quietUntil = Math.max(this.quietUntil, endAt);
      this.candidate = null;
    }
    if (!active) {
      this.settle(detections);
      this.warm = false;
      return;
    }
    if (this.warm) return this.score(slot.audio, endAt, detections);
    this.warm = true;
    this.features.reset();
    for (let i = 0; i < this.history.length; i++) {
      const past = this.history[(this.historyNext + i) % this.history.length];
      if (past) this.score(past.audio, past.endAt, detections);
    }
  }

  private remember(endAt: number): { audio: Float32Array; endAt: number } {
    let slot = this.history[this.historyNext];
    if (!slot) {
      slot = { audio: new Float32Array(STEP_SAMPLES), endAt };
      this.history.push(slot);
    }
    slot.audio.set(this.pending);
    slot.endAt = endAt;
    this.historyNext = (this.historyNext + 1) % CONTEXT_STEPS;
    return slot;
  }

  private score(step: Float32Array, endAt: number, detections: WakeDetection[]): void {
    this.features.push(step);
    this.stats.computedSteps += 1;
    if (this.features.steps <= WARMUP_STEPS) return;
    let best: { phrase: string; score: number } | null = null;
    for (const classifier of this.classifiers) {
      const score = classifier.score(this.features.features);
      if (!best || score > best.score) best = { phrase: classifier.phrase, score };
    }
    if (!best || endAt <= this.quietUntil) return;
    const candidate = this.candidate;
    if (candidate && endAt - candidate.firstAt <= PEAK_SEARCH) {
      if (best.score > candidate.score) this.candidate = { ...best, endAt, firstAt: candidate.firstAt };
    } else if (candidate) {
      this.settle(detections);
    } else if (best.score >= this.options.threshold) {
      this.candidate = { ...best, endAt, firstAt: endAt };
    }
  }

  /** Reports the phrase whose peak has passed and starts the refractory period. */
  private settle(detections: WakeDetection[]): void {
    const candidate = this.candidate;
    if (!candidate) return;
    this.candidate = null;
    this.quietUntil = candidate.endAt + samples(this.options.refractoryMs);
    detections.push({ phrase: candidate.phrase, confidence: candidate.score, endAt: candidate.firstAt });
  }
}

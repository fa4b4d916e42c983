import { z } from 'zod';

export const Token = z.object({
  text: z.string(),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  p: z.number().min(0).max(1).optional(),
});
export type Token = z.infer<typeof Token>;

/** One stretch of recognised speech; times are milliseconds from the start of the audio. */
export const Segment = z
  .object({
    startMs: z.number().nonnegative(),
    endMs: z.number().nonnegative(),
    text: z.string(),
    noSpeechProb: z.number().min(0).max(1).optional(),
    tokens: z.array(Token).optional(),
  })
  .refine((s) => s.endMs >= s.startMs, { message: 'segment ends before it starts' });
export type Segment = z.infer<typeof Segment>;

export const TranscribeOptions = z.object({
  /** ISO 639-1 code, or "auto" to detect. */
  language: z
    .string()
    .regex(/^(auto|[a-z]{2,3})$/, 'language must be "auto" or a code such as "en"')
    .default('auto'),
  translate: z.boolean().default(false),
  /** Custom vocabulary and spelling hints for the decoder. */
  initialPrompt: z.string().max(2000).default(''),
  threads: z.number().int().min(1).max(64).optional(),
  tokenTimestamps: z.boolean().default(false),
  beamSize: z.number().int().min(1).max(16).default(1),
  noSpeechThreshold: z.number().min(0).max(1).default(0.6),
  /**
   * Stop the decoder after this many tokens per second of audio (whisper.cpp's per-segment token
   * limit). For benchmarks with random-weight models, which decode nonsense of any length: about 3 is
   * the rate of English speech. Unset: no limit.
   */
  maxTokensPerSecond: z.number().min(0.5).max(50).optional(),
  /**
   * Run the encoder on a window sized to the audio (whisper.cpp's audio_ctx) instead of the full 30 s,
   * for models fine-tuned for it (FUTO's ACFT models); stock models change their text with it.
   */
  dynamicAudioContext: z.boolean().default(false),
  /**
   * Whisper's temperature fallback: a window that decodes badly is decoded again with random sampling.
   * Off, decoding is greedy and the same audio always gives the same text (on this engine, and on a
   * remote whisper.cpp server told the same), which comparing engines needs.
   */
  temperatureFallback: z.boolean().default(true),
  /** Whisper's own VAD (silence removed before inference), when a ggml Silero model is given. */
  vadModelPath: z.string().optional(),
});
export type TranscribeOptions = z.infer<typeof TranscribeOptions>;
export type TranscribeOptionsInput = z.input<typeof TranscribeOptions>;

/** Which device transcribed it, and why not the GPU when one was asked for. */
export const TranscriptDevice = z.object({
  /** What a person calls it: "NVIDIA GeForce RTX 3060", "llvmpipe (LLVM 15.0.6, 256 bits)", "CPU". */
  name: z.string(),
  gpu: z.boolean(),
  fallbackReason: z.string().optional(),
});
export type TranscriptDevice = z.infer<typeof TranscriptDevice>;

export const Transcript = z.object({
  segments: z.array(Segment),
  language: z.string(),
  /** Length of the audio that was transcribed. */
  audioMs: z.number().nonnegative(),
  timings: z.object({
    decodeMs: z.number().nonnegative(),
    inferenceMs: z.number().nonnegative(),
  }),
  device: TranscriptDevice.optional(),
  /** What the request asked that the model cannot do (translate, a prompt), said rather than ignored. */
  warnings: z.array(z.string()).optional(),
});
export type Transcript = z.infer<typeof Transcript>;

export function transcriptText(segments: readonly Segment[]): string {
  return segments
    .map((s) => s.text.trim())
    .filter((t) => t.length > 0)
    .join(' ');
}

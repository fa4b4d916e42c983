import { z } from 'zod';

/** Where a stretch of speech is, ms from the start of the audio. */
export const SpeechRegion = z.object({ startMs: z.number().nonnegative(), endMs: z.number().nonnegative() });
export type SpeechRegion = z.infer<typeof SpeechRegion>;

/**
 * How the engine finds speech in a whole recording with Silero (for cutting a long file at pauses):
 * speech starts at `threshold` (and ends below threshold - 0.15), bursts shorter than `minSpeechMs` are
 * not speech, dips shorter than `minSilenceMs` do not end it.
 */
export const SpeechDetection = z.object({
  /** whisper.cpp's ggml Silero VAD model. */
  vadModelPath: z.string().min(1),
  threshold: z.number().min(0.05).max(0.95).default(0.5),
  minSpeechMs: z.number().int().min(0).max(5000).default(250),
  minSilenceMs: z.number().int().min(0).max(5000).default(100),
});
export type SpeechDetection = z.infer<typeof SpeechDetection>;
export type SpeechDetectionInput = z.input<typeof SpeechDetection>;

/** The engine's answer: the speech regions in order, and how long the audio was. */
export const SpeechRegions = z.object({ regions: z.array(SpeechRegion), audioMs: z.number().nonnegative() });
export type SpeechRegions = z.infer<typeof SpeechRegions>;

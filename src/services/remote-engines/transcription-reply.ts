import { z } from 'zod';
import type { Segment } from '../../shared/transcript.js';

/**
 * The `verbose_json` answer of POST /audio/transcriptions (OpenAI, whisper.cpp's server, speaches,
 * vLLM). Only what we use is required; servers add fields of their own.
 */
export const VerboseTranscription = z.object({
  text: z.string(),
  language: z.string().optional(),
  duration: z.union([z.number(), z.string()]).optional(),
  segments: z
    .array(
      z.object({
        start: z.number().nonnegative(),
        end: z.number().nonnegative(),
        text: z.string(),
        no_speech_prob: z.number().optional(),
      }),
    )
    .optional(),
});
export type VerboseTranscription = z.infer<typeof VerboseTranscription>;

/** OpenAI says the language's English name ("english"); the app uses codes. */
const LANGUAGE_CODES: Record<string, string> = {
  english: 'en',
  german: 'de',
  french: 'fr',
  spanish: 'es',
  italian: 'it',
  dutch: 'nl',
  portuguese: 'pt',
  polish: 'pl',
  russian: 'ru',
  japanese: 'ja',
  chinese: 'zh',
  korean: 'ko',
};

export function languageCode(language: string | undefined): string {
  if (!language) return '';
  const lower = language.toLowerCase();
  return LANGUAGE_CODES[lower] ?? lower;
}

/**
 * Segments in milliseconds from the start of the audio sent. A server that answers text only (no
 * segments) gets one segment spanning the audio, so its captions still have times.
 */
export function replySegments(reply: VerboseTranscription, audioMs: number): Segment[] {
  const clamp = (ms: number) => Math.max(0, Math.min(audioMs, ms));
  if (reply.segments && reply.segments.length > 0) {
    return reply.segments.map((s) => {
      const startMs = clamp(Math.round(s.start * 1000));
      const endMs = Math.max(startMs, clamp(Math.round(s.end * 1000)));
      const segment: Segment = { startMs, endMs, text: s.text };
      if (s.no_speech_prob !== undefined && s.no_speech_prob >= 0 && s.no_speech_prob <= 1)
        segment.noSpeechProb = s.no_speech_prob;
      return segment;
    });
  }
  const text = reply.text.trim();
  return text ? [{ startMs: 0, endMs: Math.round(audioMs), text }] : [];
}

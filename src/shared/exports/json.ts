import type { Segment } from '../transcript.js';
import { transcriptText } from '../transcript.js';

export interface JsonExportMeta {
  source?: string;
  language?: string;
  model?: string;
  audioMs?: number;
  createdAt?: string;
}

export function toJson(segments: readonly Segment[], meta: JsonExportMeta = {}): string {
  const body = {
    format: 'dictation-transcript',
    version: 1,
    ...meta,
    text: transcriptText(segments),
    segments: segments.map((s) => ({
      startMs: s.startMs,
      endMs: s.endMs,
      text: s.text.trim(),
      ...(s.tokens ? { tokens: s.tokens } : {}),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

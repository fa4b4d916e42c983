import type { Segment } from '../transcript.js';

/** A pause this long between segments starts a new paragraph. */
const PARAGRAPH_PAUSE_MS = 2000;

export function toPlainText(segments: readonly Segment[]): string {
  const paragraphs: string[][] = [];
  let previousEnd = -Infinity;
  for (const segment of segments) {
    const text = segment.text.trim().replace(/\s+/g, ' ');
    if (!text) continue;
    if (paragraphs.length === 0 || segment.startMs - previousEnd >= PARAGRAPH_PAUSE_MS) paragraphs.push([]);
    (paragraphs[paragraphs.length - 1] as string[]).push(text);
    previousEnd = segment.endMs;
  }
  return paragraphs.map((p) => p.join(' ')).join('\n\n') + (paragraphs.length ? '\n' : '');
}

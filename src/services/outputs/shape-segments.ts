import { shapeText, type TextRules } from '../../shared/text-shaping/index.js';
import type { Segment } from '../../shared/transcript.js';

/**
 * Captions through the text rules, cue by cue: spoken commands, fillers, words to expect and
 * replacements; each cue's capital follows the one before it. A cue the rules leave empty (only "um")
 * is dropped; cue times are kept, word times only where the words did not change.
 */
export function shapeSegments(
  segments: readonly Segment[],
  rules: TextRules,
  language: string | null,
): Segment[] {
  const out: Segment[] = [];
  let previous = '';
  for (const segment of segments) {
    const shaped = shapeText(segment.text, rules, { previous, language }).text.trim();
    if (!shaped) continue;
    // Word times belong to the words as recognised: a cue whose words changed keeps only its own times.
    const { tokens, ...cue } = segment;
    out.push(
      shaped === segment.text.trim() && tokens ? { ...cue, tokens, text: shaped } : { ...cue, text: shaped },
    );
    previous = shaped;
  }
  return out;
}

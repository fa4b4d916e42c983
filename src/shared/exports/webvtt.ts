import type { Segment } from '../transcript.js';
import { DEFAULT_CUE_LIMITS, segmentsToCues, type CueLimits } from './cues.js';
import { formatTimecode } from './timecode.js';

/** Cue text may not contain raw &, < or > (they start entities and tags), nor a blank line. */
function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A W3C WebVTT file: header, then numbered cues with HH:MM:SS.mmm timings. */
export function toWebVtt(segments: readonly Segment[], limits: CueLimits = DEFAULT_CUE_LIMITS): string {
  const blocks = segmentsToCues(segments, limits).map((cue, i) => {
    const timing = `${formatTimecode(cue.startMs)} --> ${formatTimecode(cue.endMs)}`;
    return `${i + 1}\n${timing}\n${cue.lines.map(escapeVttText).join('\n')}`;
  });
  return `WEBVTT\n\n${blocks.map((b) => `${b}\n\n`).join('')}`;
}

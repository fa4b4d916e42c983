import type { Segment } from '../transcript.js';
import { DEFAULT_CUE_LIMITS, segmentsToCues, type CueLimits } from './cues.js';
import { formatTimecode } from './timecode.js';

/** SubRip: numbered cues with HH:MM:SS,mmm timings; "-->" in text would confuse players, so it is softened. */
export function toSrt(segments: readonly Segment[], limits: CueLimits = DEFAULT_CUE_LIMITS): string {
  return segmentsToCues(segments, limits)
    .map((cue, i) => {
      const timing = `${formatTimecode(cue.startMs, ',')} --> ${formatTimecode(cue.endMs, ',')}`;
      const text = cue.lines.map((line) => line.replace(/-->/g, '->')).join('\n');
      return `${i + 1}\n${timing}\n${text}\n\n`;
    })
    .join('');
}

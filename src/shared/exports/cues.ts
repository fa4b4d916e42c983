import type { Segment } from '../transcript.js';

/** One caption on screen: lines already broken, times in ms, end after start. */
export interface Cue {
  startMs: number;
  endMs: number;
  lines: string[];
}

export interface CueLimits {
  /** Characters per line (broadcast guidelines use 32-42). */
  maxLineChars: number;
  maxLines: number;
  /** Longest time one cue stays on screen. */
  maxCueMs: number;
  /** Shortest time a cue is given when its words carry no duration. */
  minCueMs: number;
}

export const DEFAULT_CUE_LIMITS: CueLimits = { maxLineChars: 42, maxLines: 2, maxCueMs: 7000, minCueMs: 500 };

interface Word {
  text: string;
  startMs: number;
  endMs: number;
}

/** Words with times: from token timestamps when present, else spread over the segment by length. */
function wordsOf(segment: Segment): Word[] {
  const { startMs, endMs } = segment;
  const clamp = (ms: number) => Math.min(endMs, Math.max(startMs, ms));
  if (segment.tokens && segment.tokens.length > 0) {
    const words: Word[] = [];
    let last = startMs;
    for (const token of segment.tokens) {
      const text = token.text.replace(/\s+/g, ' ');
      if (!text.trim()) continue;
      const t0 = Math.max(last, clamp(token.startMs));
      const t1 = Math.max(t0, clamp(token.endMs));
      last = t0;
      const current = words[words.length - 1];
      if (current && !text.startsWith(' ')) {
        current.text += text;
        current.endMs = Math.max(current.endMs, t1);
      } else {
        words.push({ text: text.trim(), startMs: t0, endMs: t1 });
      }
    }
    if (
      words.length > 0 &&
      words
        .map((w) => w.text)
        .join(' ')
        .trim() === segment.text.trim().replace(/\s+/g, ' ')
    ) {
      return words;
    }
  }
  const pieces = segment.text.trim().split(/\s+/).filter(Boolean);
  const chars = pieces.reduce((n, p) => n + p.length + 1, 0) || 1;
  const span = endMs - startMs;
  let offset = 0;
  return pieces.map((text) => {
    const w0 = startMs + (span * offset) / chars;
    offset += text.length + 1;
    return { text, startMs: w0, endMs: startMs + (span * offset) / chars };
  });
}

function breakLines(words: string[], maxLineChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > maxLineChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Turns segments into readable captions: long segments are split at word boundaries so no cue
 * exceeds the line, line-count and duration limits; cues are ordered, non-empty and end after they start.
 */
export function segmentsToCues(segments: readonly Segment[], limits: CueLimits = DEFAULT_CUE_LIMITS): Cue[] {
  const cues: Cue[] = [];
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs);
  for (const segment of sorted) {
    let group: Word[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const first = group[0] as Word;
      const last = group[group.length - 1] as Word;
      cues.push({
        startMs: Math.round(first.startMs),
        endMs: Math.round(last.endMs),
        lines: breakLines(
          group.map((w) => w.text),
          limits.maxLineChars,
        ),
      });
      group = [];
    };
    for (const word of wordsOf(segment)) {
      const candidate = [...group, word];
      const lines = breakLines(
        candidate.map((w) => w.text),
        limits.maxLineChars,
      );
      const duration = word.endMs - (group[0]?.startMs ?? word.startMs);
      if (group.length > 0 && (lines.length > limits.maxLines || duration > limits.maxCueMs)) flush();
      group.push(word);
    }
    flush();
  }
  // The transcript's last moment: a short last cue is lengthened up to here, never past the audio.
  const endOfSpeech = Math.max(0, ...segments.map((s) => Math.round(s.endMs)));
  return normaliseTiming(cues, limits, endOfSpeech);
}

/**
 * Cues in order, never overlapping the next one, each at least 1 ms long (minCueMs when there is room
 * before the next cue and the end of the transcript).
 */
function normaliseTiming(cues: Cue[], limits: CueLimits, endOfSpeech: number): Cue[] {
  const out: Cue[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as Cue;
    const previous = out[out.length - 1];
    const startMs = Math.max(cue.startMs, previous ? previous.startMs + 1 : 0);
    let endMs = Math.max(cue.endMs, startMs + Math.min(limits.minCueMs, 1));
    if (endMs - startMs < limits.minCueMs)
      endMs = Math.max(endMs, Math.min(startMs + limits.minCueMs, endOfSpeech));
    const next = cues[i + 1];
    if (next && endMs > next.startMs && next.startMs > startMs) endMs = next.startMs;
    if (previous && previous.endMs > startMs) previous.endMs = Math.max(previous.startMs + 1, startMs);
    out.push({ startMs, endMs: Math.max(endMs, startMs + 1), lines: cue.lines });
  }
  return out;
}

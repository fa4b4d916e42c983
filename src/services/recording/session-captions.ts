import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import type { Segment } from '../../shared/transcript.js';

const TIMING = /^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})/;

function ms(h: string, m: string, s: string, milli: string): number {
  return Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + Number(milli);
}

function unescapeVtt(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A session's captions.vtt (written by SessionRecorder with toWebVtt) read back as one segment per cue,
 * so the other caption formats get exactly the cue times the recorded WebVTT has.
 */
export function readSessionSegments(captionsFile: string): Segment[] {
  let text: string;
  try {
    text = readFileSync(captionsFile, 'utf8');
  } catch (error) {
    throw new AppError('io', `Could not read the captions ${captionsFile}: ${(error as Error).message}`, {
      hint: 'Check that the session folder still exists and can be read.',
      cause: error,
    });
  }
  if (!text.startsWith('WEBVTT')) {
    throw new AppError('invalid_message', `${captionsFile} is not a WebVTT file.`, {
      hint: 'The audio is intact; open audio.wav to listen to the session.',
    });
  }
  const segments: Segment[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const timingAt = lines.findIndex((line) => TIMING.test(line));
    if (timingAt < 0) continue;
    const m = TIMING.exec(lines[timingAt] as string) as RegExpExecArray;
    const body = lines
      .slice(timingAt + 1)
      .map((line) => unescapeVtt(line.trim()))
      .filter(Boolean);
    if (body.length === 0) continue;
    segments.push({
      startMs: ms(m[1] as string, m[2] as string, m[3] as string, m[4] as string),
      endMs: ms(m[5] as string, m[6] as string, m[7] as string, m[8] as string),
      text: body.join(' '),
    });
  }
  return segments;
}

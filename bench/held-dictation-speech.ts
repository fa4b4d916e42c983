import { silence, speak } from '../tests/helpers/espeak.js';

const SR = 16_000;
const SENTENCES = [
  'I think we should move the meeting to Thursday.',
  'The report is almost done',
  'but the numbers for March are still missing.',
  'Can you ask the team to send them by tonight?',
  'After that we can review the budget together.',
  'Let me know if anything changes.',
  'We also need a decision on the new office',
  'because the lease ends in June.',
];

/**
 * Sentences with pauses of 0.5 to 0.9 s between them, about `seconds` long, ending right after the last
 * word (the key goes up as the user stops): every length ends the same way, so their waits compare.
 */
export function dictationOf(dir: string, seconds: number): Float32Array<ArrayBuffer> {
  const parts: Float32Array[] = [];
  let length = 0;
  for (let i = 0; length < seconds * SR; i++) {
    if (i > 0) {
      const pause = silence(500 + ((i * 137) % 400));
      parts.push(pause);
      length += pause.length;
    }
    const clip = speak(dir, SENTENCES[i % SENTENCES.length]!, 'en-us', 165, true);
    parts.push(clip);
    length += clip.length;
  }
  const out = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

import { silence, speak, Timeline } from '../tests/helpers/espeak.js';

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
  const timeline = new Timeline();
  for (let i = 0; timeline.durationMs < seconds * 1000; i++) {
    if (i > 0) timeline.add(silence(500 + ((i * 137) % 400)));
    timeline.add(speak(dir, SENTENCES[i % SENTENCES.length]!, 'en-us', 165, true));
  }
  return new Float32Array(timeline.samples());
}

import { describe, expect, it } from 'vitest';
import type { NativeParakeetToken } from '../../src/engine/parakeet/native-parakeet.js';
import { PARAKEET_FRAME_MS, sentenceSegments } from '../../src/engine/parakeet/parakeet-segments.js';
import { quietestCut } from '../../src/engine/speech/quiet-cut.js';

/** Tokens as parakeet.cpp times them: a word's first piece starts with a space. */
function tokens(spec: [text: string, startMs: number, endMs: number][]): NativeParakeetToken[] {
  return spec.map(([text, startMs, endMs]) => ({
    text,
    startMs,
    endMs,
    p: 0.9,
    wordStart: text.startsWith(' '),
  }));
}

const piece = (t: NativeParakeetToken[]) => [
  { index: 0, startMs: 0, endMs: 0, text: '', noSpeechProb: 0, tokens: t },
];

describe('Parakeet sentences from token times', () => {
  it('starts a new segment after sentence-final punctuation, at a word start', () => {
    const out = sentenceSegments(
      piece(
        tokens([
          [' Hel', 0, 160],
          ['lo', 160, 320],
          ['.', 320, 320],
          [' How', 400, 560],
          [' are', 560, 640],
          [' you', 640, 800],
          ['?', 800, 800],
        ]),
      ),
    );
    expect(out.map((s) => s.text)).toEqual(['Hello.', 'How are you?']);
    expect(out.map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 320],
      [400, 800],
    ]);
    expect(out[1]?.tokens?.map((t) => t.text)).toEqual([' How', ' are', ' you', '?']);
  });

  it('splits at a long pause and when a segment grows too long to read, never inside a word', () => {
    const long = tokens(
      Array.from(
        { length: 40 },
        (_, i) => [i % 2 ? 'ing' : ' word', i * 400, i * 400 + 320] as [string, number, number],
      ),
    );
    const out = sentenceSegments(
      piece([
        ...tokens([[' before', 0, 300]]),
        ...long.map((t) => ({ ...t, startMs: t.startMs + 2000, endMs: t.endMs + 2000 })),
      ]),
    );
    expect(out[0]?.text).toBe('before');
    for (const s of out.slice(1)) {
      expect(s.endMs - s.startMs).toBeLessThanOrEqual(12_500);
      expect(s.text.startsWith('word')).toBe(true);
    }
    expect(out.length).toBeGreaterThan(2);
  });

  it('gives a token without duration one encoder frame, drops control pieces, keeps nothing for no tokens', () => {
    const out = sentenceSegments(
      piece(
        tokens([
          [' a', 1000, 1000],
          ['', 1000, 1000],
        ]),
      ),
    );
    expect(out).toEqual([
      {
        index: 0,
        startMs: 1000,
        endMs: 1000 + PARAKEET_FRAME_MS,
        text: 'a',
        noSpeechProb: 0,
        tokens: [{ text: ' a', startMs: 1000, endMs: 1000, p: 0.9 }],
      },
    ]);
    expect(sentenceSegments(piece([]))).toEqual([]);
  });
});

describe('window cut at the quietest moment', () => {
  it('ends a window in the quietest 40 ms of its last fifth', () => {
    const rate = 16000;
    const samples = new Float32Array(rate * 30).map((_, i) => Math.sin(i / 5) * 0.5);
    const pauseAt = rate * 27;
    samples.fill(0.001, pauseAt, pauseAt + rate / 5); // a 200 ms pause at 27 s
    const cut = quietestCut(samples, samples.length);
    expect(cut).toBeGreaterThanOrEqual(pauseAt);
    expect(cut).toBeLessThanOrEqual(pauseAt + rate / 5);
  });

  it('keeps the whole window when there is nothing to search', () => {
    expect(quietestCut(new Float32Array(100), 100)).toBe(100);
  });
});

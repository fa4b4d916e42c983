import { describe, expect, it } from 'vitest';
import { piecePrompt, promptTail } from '../../src/shared/piece-prompt.js';
import { wordErrorRate } from '../helpers/word-error-rate.js';

describe('the prompt of a piece', () => {
  it('holds the words to expect, then the end of the committed text', () => {
    expect(piecePrompt('Priya, Kubernetes', 'We deployed it.', true)).toBe(
      'Priya, Kubernetes. We deployed it.',
    );
    expect(piecePrompt('Priya, Kubernetes', 'We deployed it.', false)).toBe('Priya, Kubernetes');
    expect(piecePrompt('', 'We deployed it.', true)).toBe('We deployed it.');
  });

  it('keeps only the last whole words of a long committed text', () => {
    const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const tail = promptTail(long, 50);
    expect(tail.length).toBeLessThanOrEqual(50);
    expect(long.endsWith(tail)).toBe(true);
    expect(tail.startsWith('word')).toBe(true);
  });
});

describe('wordErrorRate (test helper)', () => {
  it('counts substitutions, insertions and deletions over the reference words', () => {
    expect(wordErrorRate([{ reference: 'the cat sat', hypothesis: 'The cat sat.' }])).toBe(0);
    expect(wordErrorRate([{ reference: 'the cat sat down', hypothesis: 'a cat sat' }])).toBe(50);
  });
});

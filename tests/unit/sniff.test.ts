import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/audio/sniff.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffFormat', () => {
  it.each([
    [bytes('RIFF', [0, 0, 0, 0], 'WAVE'), 'wav'],
    [bytes('ID3', [3, 0]), 'mp3'],
    [bytes([0xff, 0xfb, 0x90, 0x00]), 'mp3'],
    [bytes([0xff, 0xf1, 0x50, 0x80]), 'aac'],
    [bytes('fLaC'), 'flac'],
    [bytes('OggS'), 'ogg'],
    [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'webm'],
    [bytes([0, 0, 0, 0x20], 'ftypM4A '), 'mp4'],
    [bytes('FORM', [0, 0, 0, 0], 'AIFF'), 'aiff'],
    [bytes('hello world, this is text'), 'unknown'],
    [bytes(), 'unknown'],
  ])('%#: recognises %s', (head, expected) => {
    expect(sniffFormat(head)).toBe(expected);
  });
});

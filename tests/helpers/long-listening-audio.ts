import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { pcm16WavHeader } from '../../src/audio/wav-header.js';

const SR = 16000;

export interface LongAudio {
  file: string;
  seconds: number;
  /** Seconds of speech in it (the rest is silence). */
  speechSeconds: number;
  /** Utterances written (pieces of speech with silence around them). */
  utterances: number;
  /** Bytes the file really takes on disk (the silence is left as holes). */
  bytesOnDisk: number;
}

/**
 * Hours of mixed speech and silence as one 16 kHz mono 16-bit WAV, written sparse: the silence is never
 * written (holes in the file read back as zeros), only the pieces of speech are, so 8 hours (922 MB of
 * WAV) take a fraction of that on disk and are written in seconds. The speech is slices of `speech`
 * (jfk.wav: 3 to 11 s each, from varying offsets, at varying loudness) separated by 4 to 40 s of
 * silence, from a seeded generator so every run writes the same file.
 */
export function writeLongListeningAudio(file: string, hours: number, speech: Float32Array): LongAudio {
  const total = Math.round(hours * 3600 * SR);
  const fd = openSync(file, 'w');
  let speechSamples = 0;
  let utterances = 0;
  let bytesOnDisk = 44;
  try {
    writeSync(fd, pcm16WavHeader(total * 2), 0, 44, 0);
    ftruncateSync(fd, 44 + total * 2);
    let state = 12345;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    let at = Math.round(2 * SR);
    while (at < total) {
      const seconds = 3 + random() * 8;
      const from = Math.floor(random() * Math.max(1, speech.length - seconds * SR));
      const piece = speech.subarray(from, Math.min(speech.length, from + Math.round(seconds * SR)));
      const length = Math.min(piece.length, total - at);
      const gain = 0.5 + random();
      const pcm = Buffer.alloc(length * 2);
      for (let i = 0; i < length; i++) {
        pcm.writeInt16LE(
          Math.max(-32768, Math.min(32767, Math.round((piece[i] ?? 0) * gain * 32767))),
          i * 2,
        );
      }
      writeSync(fd, pcm, 0, pcm.length, 44 + at * 2);
      speechSamples += length;
      bytesOnDisk += pcm.length;
      utterances++;
      at += length + Math.round((4 + random() * 36) * SR);
    }
  } finally {
    closeSync(fd);
  }
  return { file, seconds: total / SR, speechSeconds: speechSamples / SR, utterances, bytesOnDisk };
}

import type { GarbageFrame } from './frames.js';

/** One WebSocket message as the fuzz sends it. `rawText`: a text frame whose bytes are not UTF-8. */
export type FuzzMessage = { text: string } | { binary: Buffer } | { rawText: Buffer };

export type FuzzCase =
  | {
      label: string;
      /** Sent at once; each must be answered with a typed error or a valid reply... */
      messages: FuzzMessage[];
      /** ...unless the server closes with one of these documented codes (size, encoding, binary). */
      closeCodes: readonly number[];
    }
  | { label: string; garbage: GarbageFrame };

/** Messages a case sends (a garbage frame counts as one). */
export function messageCount(fuzzCase: FuzzCase): number {
  return 'garbage' in fuzzCase ? 1 : fuzzCase.messages.length;
}

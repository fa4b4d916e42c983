/**
 * Seeded randomness for the protocol fuzz: the same seed gives the same messages on every run, so a
 * failure can be replayed. mulberry32: small, fast, good enough for test data.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** 0 <= x < 1 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 <= n < max */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks a key by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return (entries.at(-1) as [K, number])[0];
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** Strings as hostile clients write them: ASCII, control characters, escapes, far Unicode. */
  string(maxLength = 40): string {
    const kind = this.int(6);
    const length = this.int(maxLength + 1);
    if (kind === 0) return '';
    let out = '';
    for (let i = 0; i < length; i++) {
      if (kind === 1) out += String.fromCharCode(32 + this.int(95));
      else if (kind === 2) out += String.fromCharCode(this.int(32));
      else if (kind === 3) out += this.pick(['\u0000', '\u2028', '\u202e', '\ufeff', '"', '\\', '/', '%00']);
      else if (kind === 4)
        out += String.fromCodePoint(this.pick([0x1f600, 0x10ffff, 0xe000, 0x4e2d, 0x0627]));
      else out += this.pick(['../', 'C:\\', '~/', '${', '<script>', "'", ';', '\n']);
    }
    return out;
  }

  /** A random JSON value up to `depth` levels deep, with keys that trip careless object handling. */
  json(depth = 3): unknown {
    const kind = depth <= 0 ? this.int(6) : this.int(8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1, 2 ** 31, -(2 ** 31), 2 ** 53, 1e308, -1e-308, 0.5, 42]);
      case 3:
        return this.int(1000);
      case 4:
      case 5:
        return this.string();
      case 6:
        return Array.from({ length: this.int(5) }, () => this.json(depth - 1));
      default: {
        const out: Record<string, unknown> = {};
        for (let i = this.int(5); i > 0; i--) {
          const key = this.chance(0.2)
            ? this.pick(['__proto__', 'constructor', 'prototype'])
            : this.string(12);
          out[key] = this.json(depth - 1);
        }
        return out;
      }
    }
  }
}

/** Mutates a serialized message: deletes, inserts, replaces, duplicates or truncates characters. */
export function mutateText(random: Random, text: string): string {
  let out = text;
  for (let n = random.between(1, 4); n > 0; n--) {
    const at = random.int(out.length + 1);
    const op = random.int(5);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1);
    else if (op === 1) out = out.slice(0, at) + random.pick([...'{}[]",:0-9e.-\\ntu']) + out.slice(at);
    else if (op === 2) out = out.slice(0, at) + random.string(3) + out.slice(at + 1);
    else if (op === 3) out = out.slice(0, at) + out.slice(at, at + random.int(20)).repeat(2) + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

/** A value nested `depth` times: arrays ("[[[...]]]") or objects ({"a":{"a":...}}). */
export function nested(depth: number, arrays: boolean): string {
  return arrays
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

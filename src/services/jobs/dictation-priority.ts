import type { DictationEvent } from '../../shared/dictation.js';

/** What the dictation pipeline calls around each utterance so file jobs get out of its way. */
export interface DictationGate {
  /** The user started dictating (key pressed, wake word heard). */
  begin(): void;
  /** That dictation is over (text delivered, cancelled or failed). */
  end(): void;
}

/**
 * Dictation always wins over file jobs: while any dictation is active, running jobs pause and no new
 * job starts. Counted, so overlapping begin/end pairs (two windows, a retry) nest correctly.
 */
export class DictationPriority implements DictationGate {
  private depth = 0;
  private readonly listeners = new Set<(active: boolean) => void>();

  get active(): boolean {
    return this.depth > 0;
  }

  begin(): void {
    this.depth++;
    if (this.depth === 1) this.notify();
  }

  end(): void {
    if (this.depth === 0) return;
    this.depth--;
    if (this.depth === 0) this.notify();
  }

  /** begin() with a release function that ends it once, however often it is called. */
  hold(): () => void {
    this.begin();
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.end();
      }
    };
  }

  onChange(listener: (active: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.active);
  }
}

/** Holds the priority while a dictation records or transcribes. Returns the unsubscribe function. */
export function yieldJobsToDictation(
  priority: DictationPriority,
  subscribe: (listener: (event: DictationEvent) => void) => () => void,
): () => void {
  let release: (() => void) | null = null;
  return subscribe((event) => {
    if (event.type !== 'state') return;
    const busy = event.status.phase === 'recording' || event.status.phase === 'transcribing';
    if (busy && !release) release = priority.hold();
    if (!busy && release) {
      release();
      release = null;
    }
  });
}

/**
 * Holds objects until they say they are done. Electron keeps only a weak reference to a main-process
 * Notification: one held in a local variable can be garbage-collected before the user clicks it, and
 * its click handler with it (electron/electron#16922). 'close' is not promised on every platform, so
 * at most `max` are held, the oldest let go first.
 */
export class KeepUntilDone<T> {
  private readonly held = new Set<T>();

  /** whenDone wires `release` to the item's own "done" events. */
  constructor(
    private readonly whenDone: (item: T, release: () => void) => void,
    private readonly max = 20,
  ) {}

  get size(): number {
    return this.held.size;
  }

  keep(item: T): T {
    this.held.add(item);
    this.whenDone(item, () => this.held.delete(item));
    for (const oldest of this.held) {
      if (this.held.size <= this.max) break;
      this.held.delete(oldest);
    }
    return item;
  }
}

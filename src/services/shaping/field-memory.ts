/** What was last delivered into one window, and when. */
interface Delivered {
  windowId: string;
  sessionId: string;
  /** The end of what was delivered (enough for spacing and capitals). */
  tail: string;
  at: number;
}

/** A later dictation into the same window counts as the same field only this soon after. */
export const SAME_FIELD_MS = 120_000;
const TAIL_CHARS = 200;

/**
 * The text before the caret, as far as the app knows it: what it delivered last into the same window.
 * Within one dictation (pieces delivered at pauses) that is certain; for the next dictation it is a
 * guess that holds only while it follows soon, into the same window. Otherwise: unknown (null), and
 * the text keeps its own capital and gets no leading space.
 */
export class FieldMemory {
  private last: Delivered | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  previous(windowId: string | null, sessionId: string): string | null {
    const last = this.last;
    if (!last || windowId === null || last.windowId !== windowId) return null;
    if (last.sessionId === sessionId) return last.tail;
    return this.now() - last.at <= SAME_FIELD_MS ? last.tail : null;
  }

  remember(windowId: string | null, sessionId: string, text: string): void {
    if (windowId === null) {
      this.last = null;
      return;
    }
    const before =
      this.last?.windowId === windowId && this.last.sessionId === sessionId ? this.last.tail : '';
    this.last = { windowId, sessionId, tail: (before + text).slice(-TAIL_CHARS), at: this.now() };
  }

  /** Something else went into the field (a paste by hand, a failed delivery): nothing is known. */
  forget(): void {
    this.last = null;
  }
}

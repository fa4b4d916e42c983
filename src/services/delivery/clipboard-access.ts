/**
 * The clipboard as the delivery code needs it. The system-tool implementations (xclip, wl-clipboard,
 * pbcopy, PowerShell) live beside this file; the Electron shell may pass one built on Electron's
 * `clipboard` module instead (it has no consumption signal: `observesConsumption` false).
 */
export interface ClipboardAccess {
  /** For logs and the result's `backend`, e.g. "xclip (clipboard)". */
  readonly name: string;
  /** Reads what the user has on the clipboard now, as exactly as this backend can. */
  save(): Promise<ClipboardSnapshot>;
  /** Puts a snapshot back; an empty snapshot leaves the clipboard empty. */
  restore(snapshot: ClipboardSnapshot): Promise<void>;
  /** Puts `text` on the clipboard for one paste, and watches for it being read where possible. */
  offer(text: string): Promise<ClipboardOffer>;
  /** Puts `text` on the clipboard to stay there after this process is gone (copy-only, fallback). */
  writeText(text: string): Promise<void>;
}

export interface ClipboardSnapshot {
  /** The formats saved, byte-exact. None: the clipboard was empty. */
  readonly entries: readonly { readonly format: string; readonly data: Buffer }[];
  /** Formats the clipboard also offered that were not saved (for logs). */
  readonly dropped: readonly string[];
  /** False when the clipboard could not be read at all, so it cannot be put back. */
  readonly readable: boolean;
}

/** Why waiting for a paste ended. */
export type ConsumptionOutcome =
  /** The target application read our text after the keystroke. */
  | 'consumed'
  /** Someone else put new content on the clipboard first. */
  | 'replaced'
  /** Nobody read it in time. */
  | 'timeout'
  /** This backend cannot see reads: only a delay is possible. */
  | 'no-signal';

/** How to tell that a paste is over, from the reads of the offered text. */
export interface ConsumptionWait {
  /** How long the first read may take after the keystroke. */
  timeoutMs: number;
  /**
   * Reads one paste makes: Chromium and Electron apps read twice, once as the key arrives (browser
   * process) and once when the page handles it, which can be much later if the page is busy.
   */
  expectedReads: number;
  /** After the expected reads: the paste is over once no further read came for this long. */
  quietMs: number;
  /** How long the expected reads may take after the first one; fewer than expected is a 'timeout'. */
  maxMoreReadsMs: number;
}

export interface ClipboardOffer {
  readonly observesConsumption: boolean;
  /** Called just before the keystroke: reads before this (clipboard managers) are not the paste. */
  arm(): void;
  waitForConsumption(wait: ConsumptionWait): Promise<ConsumptionOutcome>;
  /** performance.now() of the first read after arm(), or null (none yet, or reads cannot be seen). */
  firstReadAt(): number | null;
  /** True when the clipboard still holds our text (nobody copied anything since the offer). */
  stillOurs(): Promise<boolean>;
  /** Stops offering: the clipboard is left empty (used to restore an empty clipboard). */
  withdraw(): Promise<void>;
  /** Keeps our text on the clipboard after we are gone (paste failed: "Copied - press Ctrl+V"). */
  persist(): Promise<void>;
}

export const EMPTY_SNAPSHOT: ClipboardSnapshot = { entries: [], dropped: [], readable: true };

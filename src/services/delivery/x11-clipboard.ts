import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.js';
import type {
  ClipboardAccess,
  ClipboardOffer,
  ClipboardSnapshot,
  ConsumptionOutcome,
  ConsumptionWait,
} from './clipboard-access.js';
import { describeRun, runTool } from './run-tool.js';
import { XclipOwner, type X11Selection } from './xclip-owner.js';

/** Text formats, best first: the one the user's text is saved and restored in. */
const TEXT_TARGETS = ['UTF8_STRING', 'text/plain;charset=utf-8', 'STRING', 'TEXT', 'text/plain'];
/** When there is no text: one of these is saved instead (an image copied from a browser, say). */
const RICH_TARGETS = ['image/png', 'image/jpeg', 'image/gif', 'image/bmp', 'text/html', 'text/uri-list'];
/** Protocol targets every owner lists; not content. */
const META_TARGETS = new Set(['TARGETS', 'MULTIPLE', 'TIMESTAMP', 'SAVE_TARGETS', 'DELETE', 'INCR']);

/**
 * The X11 clipboard (or PRIMARY selection) through xclip.
 *
 * What is saved: xclip serves one format per process, so one format is saved and restored byte-exact:
 * the best text format when there is one (UTF8_STRING first), otherwise an image (PNG first), HTML or a
 * URI list. The other formats an application offered alongside (text/html next to the text, say) are
 * not restored and are listed in `dropped`. An empty clipboard (no owner) is restored as empty.
 */
export class XclipClipboard implements ClipboardAccess {
  readonly name: string;
  private activeOwner: XclipOwner | null = null;

  constructor(
    private readonly xclip: string,
    private readonly selection: X11Selection,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    private readonly timeoutMs = 2000,
  ) {
    this.name = `xclip (${selection})`;
  }

  async save(): Promise<ClipboardSnapshot> {
    const listing = await this.read('TARGETS');
    if (listing.timedOut || listing.spawnError || /Can't open display/i.test(listing.stderr)) {
      return { entries: [], dropped: [], readable: false };
    }
    let targets: string[];
    if (listing.code === 0) {
      targets = listing.stdout
        .toString('utf8')
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t && !META_TARGETS.has(t));
    } else {
      // No owner at all (an empty clipboard), or an old owner that does not answer TARGETS: ask for text.
      const text = await this.read('UTF8_STRING');
      if (text.code === 0)
        return { entries: [{ format: 'UTF8_STRING', data: text.stdout }], dropped: [], readable: true };
      return { entries: [], dropped: [], readable: !text.timedOut };
    }
    const format =
      TEXT_TARGETS.find((t) => targets.includes(t)) ??
      RICH_TARGETS.find((t) => targets.includes(t)) ??
      targets.find((t) => t.startsWith('image/'));
    const dropped = targets.filter((t) => t !== format);
    if (!format) {
      this.logger.warn({ selection: this.selection, targets }, 'clipboard holds no format we can restore');
      return { entries: [], dropped, readable: false };
    }
    const content = await this.read(format);
    if (content.code !== 0) {
      this.logger.warn(
        { selection: this.selection, format, error: describeRun('xclip', content) },
        'could not read the clipboard',
      );
      return { entries: [], dropped: targets, readable: false };
    }
    return { entries: [{ format, data: content.stdout }], dropped, readable: true };
  }

  async restore(snapshot: ClipboardSnapshot): Promise<void> {
    const entry = snapshot.entries[0];
    if (!entry) {
      // No xclip option clears a selection, but an owner that exits leaves it with no owner: empty.
      const owner = this.activeOwner ?? (await this.own('UTF8_STRING', Buffer.alloc(0)));
      await this.retire(owner);
      return;
    }
    await this.handOver(entry.format, entry.data);
  }

  async offer(text: string): Promise<ClipboardOffer> {
    const owner = await this.own('UTF8_STRING', Buffer.from(text, 'utf8'));
    return new XclipOffer(owner, this, text);
  }

  async writeText(text: string): Promise<void> {
    // Owning it first through a watched xclip makes the hand-over below observable (see handOver).
    if (!this.activeOwner) await this.own('UTF8_STRING', Buffer.from(text, 'utf8'));
    await this.handOver('UTF8_STRING', Buffer.from(text, 'utf8'));
  }

  /** Ends the watched owner: the selection is left with no owner unless someone took it already. */
  async retire(owner: XclipOwner): Promise<void> {
    owner.kill();
    await owner.exited;
    if (this.activeOwner === owner) this.activeOwner = null;
  }

  /**
   * Puts `data` on the selection through a daemon xclip that outlives this process (xclip's default
   * forking mode). The watched owner's exit on SelectionClear confirms the daemon really holds it.
   */
  private async handOver(format: string, data: Buffer): Promise<void> {
    const run = await runTool(this.xclip, ['-i', '-selection', this.selection, '-t', format], {
      env: this.env,
      input: data,
      timeoutMs: this.timeoutMs,
      resolveOnExit: true,
    });
    if (run.code !== 0) {
      throw new AppError('io', `xclip could not write the X11 ${this.selection} selection`, {
        hint: 'Check that DISPLAY points to a running X server and that xclip works in a terminal.',
        detail: describeRun('xclip', run),
      });
    }
    const previous = this.activeOwner;
    if (!previous) return;
    const replaced = await previous.until(() => !previous.alive, this.timeoutMs);
    if (!replaced) this.logger.warn({ selection: this.selection }, 'xclip hand-over not confirmed in time');
    await this.retire(previous);
  }

  private async own(format: string, data: Buffer): Promise<XclipOwner> {
    if (this.activeOwner) await this.retire(this.activeOwner);
    const owner = await XclipOwner.start({
      xclip: this.xclip,
      selection: this.selection,
      format,
      data,
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    this.activeOwner = owner;
    return owner;
  }

  private read(target: string) {
    return runTool(this.xclip, ['-o', '-selection', this.selection, '-t', target], {
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
  }

  /** Serves the text to stay after a failed paste. */
  async persist(text: string): Promise<void> {
    await this.handOver('UTF8_STRING', Buffer.from(text, 'utf8'));
  }
}

class XclipOffer implements ClipboardOffer {
  readonly observesConsumption = true;
  private servedAtArm = 0;

  constructor(
    private readonly owner: XclipOwner,
    private readonly clipboard: XclipClipboard,
    private readonly text: string,
  ) {}

  arm(): void {
    this.servedAtArm = this.owner.served;
  }

  /**
   * Consumed = read after the keystroke, as many times as this kind of application reads for one
   * paste, and then no further read for a quiet moment. Restoring between two reads of one paste
   * makes it fail or insert the OLD clipboard (seen with Chromium, whose second read comes when the
   * page gets to the key event).
   */
  async waitForConsumption(wait: ConsumptionWait): Promise<ConsumptionOutcome> {
    const owner = this.owner;
    const reads = () => owner.served - this.servedAtArm;
    await owner.until(() => reads() > 0 || !owner.alive, wait.timeoutMs);
    if (reads() === 0) return owner.alive ? 'timeout' : 'replaced';
    await owner.until(() => reads() >= wait.expectedReads || !owner.alive, wait.maxMoreReadsMs);
    if (reads() < wait.expectedReads) {
      // Chromium's first read comes with the key, even when nothing editable has focus: without its
      // second read the text did not go in.
      return owner.alive ? 'timeout' : 'replaced';
    }
    let seen = owner.served;
    while (owner.alive && (await owner.until(() => owner.served > seen || !owner.alive, wait.quietMs))) {
      seen = owner.served;
    }
    return 'consumed';
  }

  firstReadAt(): number | null {
    return this.owner.servedAt[this.servedAtArm] ?? null;
  }

  stillOurs(): Promise<boolean> {
    return Promise.resolve(this.owner.alive);
  }

  withdraw(): Promise<void> {
    return this.clipboard.retire(this.owner);
  }

  persist(): Promise<void> {
    return this.clipboard.persist(this.text);
  }
}

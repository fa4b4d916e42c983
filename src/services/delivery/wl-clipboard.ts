import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../../shared/errors.js';
import type {
  ClipboardAccess,
  ClipboardOffer,
  ClipboardSnapshot,
  ConsumptionOutcome,
  ConsumptionWait,
} from './clipboard-access.js';
import { describeRun, runTool } from './run-tool.js';

const TEXT_TYPES = ['text/plain;charset=utf-8', 'UTF8_STRING', 'text/plain', 'STRING', 'TEXT'];
const RICH_TYPES = ['image/png', 'image/jpeg', 'text/html', 'text/uri-list'];

/**
 * The Wayland clipboard through wl-clipboard (wl-copy / wl-paste). Like xclip, one format is saved
 * and restored byte-exact: text first, otherwise an image, HTML or a URI list.
 *
 * Consumption: `wl-copy --foreground --paste-once` exits after serving one paste. It also exits when
 * another client takes the clipboard; the two are told apart afterwards (after a served paste-once the
 * clipboard is empty, after a takeover it is not). wl-copy cannot ignore a clipboard manager's read
 * the way xclip's request count can, so with a clipboard manager running the signal may come early.
 * Not exercised by CI (no Wayland compositor there).
 */
export class WlClipboard implements ClipboardAccess {
  readonly name = 'wl-clipboard';

  constructor(
    private readonly wlCopy: string,
    private readonly wlPaste: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs = 2000,
  ) {}

  async save(): Promise<ClipboardSnapshot> {
    const listing = await runTool(this.wlPaste, ['--list-types'], {
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    if (listing.timedOut || listing.spawnError) return { entries: [], dropped: [], readable: false };
    if (listing.code !== 0) return { entries: [], dropped: [], readable: true }; // "Nothing is copied"
    const types = listing.stdout.toString('utf8').split('\n').filter(Boolean);
    const format =
      TEXT_TYPES.find((t) => types.includes(t)) ??
      RICH_TYPES.find((t) => types.includes(t)) ??
      types.find((t) => t.startsWith('image/'));
    if (!format) return { entries: [], dropped: types, readable: false };
    const content = await runTool(this.wlPaste, ['--no-newline', '--type', format], {
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    if (content.code !== 0) return { entries: [], dropped: types, readable: false };
    return {
      entries: [{ format, data: content.stdout }],
      dropped: types.filter((t) => t !== format),
      readable: true,
    };
  }

  async restore(snapshot: ClipboardSnapshot): Promise<void> {
    const entry = snapshot.entries[0];
    const args = entry ? ['--type', entry.format] : ['--clear'];
    await this.copy(args, entry?.data ?? Buffer.alloc(0));
  }

  async writeText(text: string): Promise<void> {
    await this.copy(['--type', 'text/plain;charset=utf-8'], Buffer.from(text, 'utf8'));
  }

  offer(text: string): Promise<ClipboardOffer> {
    return Promise.resolve(new WlCopyOffer(this, text));
  }

  /** Whether anything is on the clipboard now. */
  async holdsSomething(): Promise<boolean> {
    const run = await runTool(this.wlPaste, ['--list-types'], { env: this.env, timeoutMs: this.timeoutMs });
    return run.code === 0 && run.stdout.length > 0;
  }

  spawnPasteOnce(text: string): ChildProcess {
    const child = spawn(this.wlCopy, ['--foreground', '--paste-once', '--type', 'text/plain;charset=utf-8'], {
      env: this.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin?.on('error', () => undefined); // a wl-copy that failed early shows as an early exit
    child.stdin?.end(text);
    return child;
  }

  async readText(): Promise<string | null> {
    const run = await runTool(this.wlPaste, ['--no-newline', '--type', 'text/plain;charset=utf-8'], {
      env: this.env,
      timeoutMs: this.timeoutMs,
    });
    return run.code === 0 ? run.stdout.toString('utf8') : null;
  }

  clear(): Promise<void> {
    return this.copy(['--clear'], Buffer.alloc(0));
  }

  private async copy(args: string[], data: Buffer): Promise<void> {
    // wl-copy forks a daemon that keeps serving: its parent's exit means the clipboard is set.
    const run = await runTool(this.wlCopy, args, {
      env: this.env,
      input: data,
      timeoutMs: this.timeoutMs,
      resolveOnExit: true,
    });
    if (run.code !== 0) {
      throw new AppError('io', 'wl-copy could not set the Wayland clipboard', {
        hint: 'Check that WAYLAND_DISPLAY is set to your session and that wl-copy works in a terminal.',
        detail: describeRun('wl-copy', run),
      });
    }
  }
}

class WlCopyOffer implements ClipboardOffer {
  readonly observesConsumption = true;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private exitedAt: number | null = null;

  constructor(
    private readonly clipboard: WlClipboard,
    private readonly text: string,
  ) {
    this.child = clipboard.spawnPasteOnce(text);
    this.exited = new Promise<void>((resolve) => {
      this.child.on('exit', () => resolve());
      this.child.on('error', () => resolve());
    }).then(() => {
      this.exitedAt = performance.now();
    });
  }

  arm(): void {
    // wl-copy --paste-once ends at the first read, whoever reads: there is nothing to mark.
  }

  async waitForConsumption(wait: ConsumptionWait): Promise<ConsumptionOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), wait.timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) return 'timeout';
    if (await this.clipboard.holdsSomething()) {
      this.exitedAt = null;
      return 'replaced';
    }
    // One paste may read more than once (Chromium does): serve the text again for a moment so a
    // later read gets it too, instead of an empty clipboard. wl-copy cannot count those reads.
    await this.clipboard.writeText(this.text);
    const holdMs = wait.expectedReads > 1 ? wait.maxMoreReadsMs : wait.quietMs;
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    return 'consumed';
  }

  firstReadAt(): number | null {
    return this.exitedAt;
  }

  async stillOurs(): Promise<boolean> {
    return (await this.clipboard.readText()) === this.text;
  }

  async withdraw(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
    await this.clipboard.clear();
  }

  async persist(): Promise<void> {
    await this.clipboard.writeText(this.text);
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

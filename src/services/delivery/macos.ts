import { AppError } from '../../shared/errors.js';
import type { ClipboardSnapshot } from './clipboard-access.js';
import { TextOnlyClipboard } from './text-only-clipboard.js';
import { ToolKeySender, type KeyChord } from './key-sender.js';

/** System Events keystrokes; Ctrl+Enter is Cmd+Enter on a Mac (send in chat apps, run in editors). */
const MAC_KEYS: Partial<Record<KeyChord, string>> = {
  'cmd+v': 'keystroke "v" using command down',
  enter: 'key code 36',
  'ctrl+enter': 'key code 36 using command down',
  backspace: 'key code 51',
};
import { describeRun, runTool, type ToolRun } from './run-tool.js';

// Written for macOS and not exercised by this repository's CI (Linux only).

const ACCESSIBILITY_HINT =
  'Allow Dictation in System Settings > Privacy & Security > Accessibility (and, if asked, let it control ' +
  '"System Events" under Automation), then dictate again. Until then the text is left on the clipboard.';

/** pbcopy/pbpaste use the locale's encoding: force UTF-8 so text survives byte-exact. */
function utf8Env(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };
}

/**
 * The general pasteboard through pbcopy/pbpaste: plain text only (pbpaste cannot read images; an
 * image on the clipboard is reported as not saved). macOS gives no signal when another app reads the
 * pasteboard (NSPasteboard's changeCount only moves on writes), so the paste flow waits a conservative
 * delay, then restores only if changeCount shows nobody wrote to the pasteboard meanwhile.
 */
export class MacClipboard extends TextOnlyClipboard {
  readonly name = 'pbcopy/pbpaste';

  async save(): Promise<ClipboardSnapshot> {
    const run = await runTool('pbpaste', ['-Prefer', 'txt'], { env: utf8Env(this.env), timeoutMs: 2000 });
    if (run.code !== 0) return { entries: [], dropped: [], readable: false };
    if (run.stdout.length === 0) return { entries: [], dropped: [], readable: true };
    return { entries: [{ format: 'public.utf8-plain-text', data: run.stdout }], dropped: [], readable: true };
  }

  protected async ownership(): Promise<() => Promise<boolean>> {
    const changeCount = await this.changeCount();
    return async () => changeCount !== null && (await this.changeCount()) === changeCount;
  }

  private async changeCount(): Promise<number | null> {
    const run = await runTool(
      this.tool,
      ['-l', 'JavaScript', '-e', 'ObjC.import("AppKit"); $.NSPasteboard.generalPasteboard.changeCount'],
      { env: this.env, timeoutMs: 2000 },
    );
    const count = Number(run.stdout.toString('utf8').trim());
    return run.code === 0 && Number.isFinite(count) ? count : null;
  }

  protected async write(data: Buffer): Promise<void> {
    const run = await runTool('pbcopy', [], { env: utf8Env(this.env), input: data, timeoutMs: 2000 });
    if (run.code !== 0) {
      throw new AppError('io', 'pbcopy could not set the clipboard', { detail: describeRun('pbcopy', run) });
    }
  }
}

/** Keystrokes through System Events, which needs the Accessibility permission. */
export class OsascriptKeys extends ToolKeySender {
  readonly name = 'osascript (System Events)';

  async sendChord(chord: KeyChord): Promise<void> {
    const keys = MAC_KEYS[chord];
    if (!keys) throw new AppError('internal', `macOS pastes with cmd+v, not ${chord}`);
    const script = `tell application "System Events" to ${keys}`;
    check(await runTool(this.tool, ['-e', script], { env: this.env, timeoutMs: 5000 }));
  }

  async typeText(text: string): Promise<void> {
    // The text goes in as an argument, never spliced into the script.
    const script = [
      'on run argv',
      'tell application "System Events" to keystroke (item 1 of argv)',
      'end run',
    ];
    const args = [...script.flatMap((line) => ['-e', line]), text];
    check(await runTool(this.tool, args, { env: this.env, timeoutMs: 5000 + text.length * 30 }));
  }
}

function check(run: ToolRun): void {
  if (run.code === 0) return;
  const denied = /not allowed|1002|-1743|-25211|assistive/i.test(run.stderr);
  throw new AppError('io', 'macOS did not let Dictation send keystrokes to the focused app', {
    ...(denied ? { hint: ACCESSIBILITY_HINT } : {}),
    detail: describeRun('osascript', run),
  });
}

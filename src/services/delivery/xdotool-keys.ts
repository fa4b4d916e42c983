import { AppError } from '../../shared/errors.js';
import type { KeyChord, KeySender } from './key-sender.js';

const XDOTOOL_KEYS: Record<KeyChord, string> = {
  'ctrl+v': 'ctrl+v',
  'ctrl+shift+v': 'ctrl+shift+v',
  'shift+Insert': 'shift+Insert',
  'cmd+v': 'super+v',
  enter: 'Return',
  'ctrl+enter': 'ctrl+Return',
  backspace: 'BackSpace',
};
import { describeRun, runTool } from './run-tool.js';

/**
 * Keystrokes on X11 through xdotool's XTEST path (no --window: XSendEvent is ignored by many apps).
 * --clearmodifiers releases keys the user still holds (the hotkey's Ctrl/Alt) for the chord's duration.
 */
export class XdotoolKeys implements KeySender {
  readonly name = 'xdotool';

  constructor(
    private readonly xdotool: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly typeDelayMs = 6,
  ) {}

  async sendChord(chord: KeyChord): Promise<void> {
    // xdotool's default 12 ms between key events costs about 25 ms per chord; 2 ms is plenty.
    await this.run(['key', '--clearmodifiers', '--delay', '2', XDOTOOL_KEYS[chord]], 3000, 'keystroke');
  }

  /**
   * Characters missing from the keyboard layout are typed by remapping a spare key for each one;
   * applications can miss the remap and drop the character (Chromium often does). Paste is exact.
   */
  async typeText(text: string): Promise<void> {
    // Typing takes a few ms per character: the time limit grows with the text.
    const timeoutMs = 5000 + text.length * (this.typeDelayMs + 20);
    await this.run(
      ['type', '--clearmodifiers', '--delay', String(this.typeDelayMs), '--', text],
      timeoutMs,
      'typing',
    );
  }

  private async run(args: string[], timeoutMs: number, what: string): Promise<void> {
    const run = await runTool(this.xdotool, args, { env: this.env, timeoutMs });
    if (run.code === 0 && !/Can't open display|Failed creating new xdo/.test(run.stderr)) return;
    throw new AppError('io', `xdotool could not send the ${what} to the focused window`, {
      hint: 'Check that DISPLAY points to the X session you are typing in.',
      detail: describeRun('xdotool', run),
    });
  }
}

import { AppError } from '../../shared/errors.js';
import { ToolKeySender, type KeyChord } from './key-sender.js';
import { describeRun, runTool, type ToolRun } from './run-tool.js';

/** A keystroke tool that takes a chord as arguments and text on stdin (never as an argument). */
abstract class StdinKeyTool extends ToolKeySender {
  abstract override readonly name: 'wtype' | 'ydotool';
  /** Arguments that make the tool read the text to type from stdin. */
  protected abstract readonly typeArgs: string[];
  protected abstract chordArgs(chord: KeyChord): string[];

  async sendChord(chord: KeyChord): Promise<void> {
    const run = await runTool(this.tool, this.chordArgs(chord), { env: this.env, timeoutMs: 3000 });
    check(this.name, run);
  }

  async typeText(text: string): Promise<void> {
    const timeoutMs = 5000 + text.length * 20;
    check(this.name, await runTool(this.tool, this.typeArgs, { env: this.env, input: text, timeoutMs }));
  }
}

const WTYPE_CHORDS: Record<KeyChord, string[]> = {
  'ctrl+v': ['-M', 'ctrl', 'v', '-m', 'ctrl'],
  enter: ['-k', 'Return'],
  'ctrl+enter': ['-M', 'ctrl', '-k', 'Return', '-m', 'ctrl'],
  backspace: ['-k', 'BackSpace'],
  'ctrl+shift+v': ['-M', 'ctrl', '-M', 'shift', 'v', '-m', 'shift', '-m', 'ctrl'],
  'shift+Insert': ['-M', 'shift', '-k', 'Insert', '-m', 'shift'],
  'cmd+v': ['-M', 'logo', 'v', '-m', 'logo'],
};

/** wtype: the virtual-keyboard protocol (Sway, Hyprland, KDE; GNOME's Mutter does not offer it). */
export class WtypeKeys extends StdinKeyTool {
  readonly name = 'wtype';
  // "-" reads the text from stdin, so text starting with "-" is never taken for an option.
  protected readonly typeArgs = ['-'];

  protected chordArgs(chord: KeyChord): string[] {
    return WTYPE_CHORDS[chord];
  }
}

/** Linux input event codes: 29 Left Ctrl, 42 Left Shift, 47 V, 110 Insert, 125 Left Meta, 28 Enter. */
const YDOTOOL_CHORDS: Record<KeyChord, number[]> = {
  'ctrl+v': [29, 47],
  enter: [28],
  'ctrl+enter': [29, 28],
  backspace: [14],
  'ctrl+shift+v': [29, 42, 47],
  'shift+Insert': [42, 110],
  'cmd+v': [125, 47],
};

/**
 * ydotool: a uinput device, so it works on every compositor, but needs the ydotoold service and
 * types through the US layout (non-ASCII characters do not come out): paste is preferred with it.
 */
export class YdotoolKeys extends StdinKeyTool {
  readonly name = 'ydotool';
  protected readonly typeArgs = ['type', '--file', '-'];

  protected chordArgs(chord: KeyChord): string[] {
    const keys = YDOTOOL_CHORDS[chord];
    return ['key', ...keys.map((k) => `${k}:1`), ...[...keys].reverse().map((k) => `${k}:0`)];
  }
}

function check(tool: string, run: ToolRun): void {
  if (run.code === 0) return;
  const hint =
    tool === 'wtype' && /virtual keyboard/i.test(run.stderr)
      ? 'This compositor (GNOME, for example) does not let wtype type: install ydotool and start its ydotoold service, or use "copy only".'
      : tool === 'ydotool'
        ? 'ydotool needs its ydotoold service running with access to /dev/uinput.'
        : undefined;
  throw new AppError('io', `${tool} could not send keystrokes to the focused window`, {
    ...(hint ? { hint } : {}),
    detail: describeRun(tool, run),
  });
}

import { AppError } from '../../shared/errors.js';
import type { ClipboardSnapshot } from './clipboard-access.js';
import { TextOnlyClipboard } from './text-only-clipboard.js';
import { ToolKeySender, type KeyChord } from './key-sender.js';
import { describeRun, runTool } from './run-tool.js';

// Written for Windows and not exercised by this repository's CI (Linux only). Each call starts
// PowerShell (a few hundred ms); a resident helper would be faster.

const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

/** Text travels as base64 on stdin/stdout so no console code page can alter it. */
const READ_SCRIPT =
  '$t = Get-Clipboard -Raw; if ($null -ne $t) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($t)) }';
const WRITE_SCRIPT =
  '$b = [Console]::In.ReadToEnd().Trim(); Add-Type -AssemblyName System.Windows.Forms; ' +
  'if ($b -eq "") { [System.Windows.Forms.Clipboard]::Clear() } else { ' +
  'Set-Clipboard -Value ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b))) }';

/** SendInput through a small C# type: chords by virtual key, text as Unicode scan codes. */
const SEND_INPUT_TYPE = `
using System; using System.Runtime.InteropServices;
public static class DictationInput {
  [StructLayout(LayoutKind.Sequential)] public struct MOUSEINPUT { public int dx; public int dy; public uint mouseData; public uint dwFlags; public uint time; public IntPtr extra; }
  [StructLayout(LayoutKind.Sequential)] public struct KEYBDINPUT { public ushort vk; public ushort scan; public uint flags; public uint time; public IntPtr extra; }
  [StructLayout(LayoutKind.Explicit)] public struct UNION { [FieldOffset(0)] public MOUSEINPUT mi; [FieldOffset(0)] public KEYBDINPUT ki; }
  [StructLayout(LayoutKind.Sequential)] public struct INPUT { public uint type; public UNION u; }
  [DllImport("user32.dll", SetLastError = true)] static extern uint SendInput(uint n, INPUT[] inputs, int size);
  static INPUT Key(ushort vk, ushort scan, uint flags) { var i = new INPUT(); i.type = 1; i.u.ki.vk = vk; i.u.ki.scan = scan; i.u.ki.flags = flags; return i; }
  static void Send(System.Collections.Generic.List<INPUT> list) {
    var a = list.ToArray();
    if (SendInput((uint)a.Length, a, Marshal.SizeOf(typeof(INPUT))) != a.Length) throw new Exception("SendInput was blocked (error " + Marshal.GetLastWin32Error() + ")");
  }
  public static void Chord(ushort[] keys) {
    var l = new System.Collections.Generic.List<INPUT>();
    foreach (var k in keys) l.Add(Key(k, 0, 0));
    for (int j = keys.Length - 1; j >= 0; j--) l.Add(Key(keys[j], 0, 2));
    Send(l);
  }
  public static void Type(string text) {
    var l = new System.Collections.Generic.List<INPUT>();
    foreach (char c in text.Replace("\\r\\n", "\\n")) {
      if (c == '\\n') { l.Add(Key(0x0D, 0, 0)); l.Add(Key(0x0D, 0, 2)); }
      else { l.Add(Key(0, c, 4)); l.Add(Key(0, c, 6)); }
    }
    Send(l);
  }
}`;

/**
 * The Windows clipboard, text only, through Get-Clipboard/Set-Clipboard.
 * Windows has a real read signal (delayed rendering: WM_RENDERFORMAT) but only for a process with a
 * message loop; from PowerShell there is none, so the paste flow falls back to a conservative delay.
 */
export class WindowsClipboard extends TextOnlyClipboard {
  readonly name = 'PowerShell clipboard';

  async save(): Promise<ClipboardSnapshot> {
    const run = await runTool(this.tool, [...POWERSHELL_ARGS, READ_SCRIPT], {
      env: this.env,
      timeoutMs: 5000,
    });
    if (run.code !== 0) return { entries: [], dropped: [], readable: false };
    const data = Buffer.from(run.stdout.toString('utf8').trim(), 'base64');
    return data.length
      ? { entries: [{ format: 'CF_UNICODETEXT', data }], dropped: [], readable: true }
      : { entries: [], dropped: [], readable: true };
  }

  protected ownership(text: string): Promise<() => Promise<boolean>> {
    return Promise.resolve(async () => {
      const now = await this.save();
      return now.entries[0]?.data.toString('utf8') === text;
    });
  }

  protected async write(data: Buffer): Promise<void> {
    const run = await runTool(this.tool, [...POWERSHELL_ARGS, WRITE_SCRIPT], {
      env: this.env,
      input: data.toString('base64'),
      timeoutMs: 5000,
    });
    if (run.code !== 0) {
      throw new AppError('io', 'PowerShell could not set the clipboard', {
        detail: describeRun('powershell', run),
      });
    }
  }
}

export class SendInputKeys extends ToolKeySender {
  readonly name = 'SendInput (PowerShell)';

  async sendChord(chord: KeyChord): Promise<void> {
    // Virtual keys: 0x11 Ctrl, 0x10 Shift, 0x56 V, 0x2D Insert, 0x0D Enter.
    const keys: Record<KeyChord, string> = {
      enter: '0x0D',
      'ctrl+enter': '0x11,0x0D',
      backspace: '0x08',
      'ctrl+v': '0x11,0x56',
      'ctrl+shift+v': '0x11,0x10,0x56',
      'shift+Insert': '0x10,0x2D',
      'cmd+v': '0x11,0x56',
    };
    await this.run(`[DictationInput]::Chord([uint16[]](${keys[chord]}))`, '');
  }

  async typeText(text: string): Promise<void> {
    await this.run(
      '[DictationInput]::Type([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd().Trim())))',
      Buffer.from(text, 'utf8').toString('base64'),
    );
  }

  private async run(call: string, input: string): Promise<void> {
    const script = `Add-Type -TypeDefinition @'\n${SEND_INPUT_TYPE}\n'@; ${call}`;
    const run = await runTool(this.tool, [...POWERSHELL_ARGS, script], {
      env: this.env,
      input,
      timeoutMs: 15000,
    });
    if (run.code !== 0) {
      throw new AppError('io', 'Windows did not accept the keystrokes (SendInput)', {
        hint: 'An app running as administrator ignores input from a normal app: run both at the same level.',
        detail: describeRun('powershell', run),
      });
    }
  }
}

import type { DeliveryBackend } from './backend.js';
import { runTool } from './run-tool.js';
import { x11FocusedWindow } from './x11-focused-window.js';

/** The application that has keyboard focus, as far as this desktop tells. */
export interface FocusedApp {
  /**
   * Names a profile can match: X11 both parts of WM_CLASS ("xterm", "XTerm"); Windows the process
   * name ("Code.exe" -> "Code"); macOS the bundle id ("com.apple.Terminal") and the app's name.
   */
  names: string[];
  /** The window (X11 id, Windows HWND) or, on macOS, the app's process: focus moved when this changes. */
  windowId: string | null;
}

/** The focused app, or why it cannot be known here (Wayland, a missing tool). */
export type FocusLookup = { app: FocusedApp; unknownBecause: null } | { app: null; unknownBecause: string };

const WAYLAND =
  'Wayland does not tell other applications which window has focus, so the default profile is used.';

// Windows: the foreground window and its process, through user32 (written for Windows, not run by CI).
const WINDOWS_SCRIPT = `
Add-Type -TypeDefinition @'
using System; using System.Runtime.InteropServices;
public static class DictationFocus {
  [DllImport("user32.dll")] public static extern IntPtr GetForegroundWindow();
  [DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(IntPtr hwnd, out uint pid);
}
'@
$h = [DictationFocus]::GetForegroundWindow(); $p = 0; [void][DictationFocus]::GetWindowThreadProcessId($h, [ref]$p)
$n = (Get-Process -Id $p -ErrorAction SilentlyContinue).ProcessName
"$($h.ToInt64())\`t$n"`;

// macOS: the frontmost application through AppKit (needs no Accessibility or Automation permission).
const MAC_SCRIPT =
  'ObjC.import("AppKit"); const a = $.NSWorkspace.sharedWorkspace.frontmostApplication; ' +
  '[a.processIdentifier, ObjC.unwrap(a.bundleIdentifier) || "", ObjC.unwrap(a.localizedName) || ""].join("\\t")';

function known(names: string[], windowId: string | null): FocusLookup {
  const unique = [...new Set(names.filter(Boolean))];
  return unique.length || windowId
    ? { app: { names: unique, windowId }, unknownBecause: null }
    : { app: null, unknownBecause: 'the focused window could not be found' };
}

/** Looks up the focused application (a few ms on X11, a PowerShell or osascript start elsewhere). */
export async function lookUpFocusedApp(backend: DeliveryBackend): Promise<FocusLookup> {
  switch (backend.session) {
    case 'wayland':
      return { app: null, unknownBecause: WAYLAND };
    case 'none':
      return { app: null, unknownBecause: 'there is no desktop session' };
    case 'x11': {
      if (!backend.x11) return { app: null, unknownBecause: 'xdotool is not installed' };
      const window = await x11FocusedWindow(backend.x11, backend.env);
      return window ? known(window.classNames, window.id) : known([], null);
    }
    case 'windows': {
      const powershell = backend.tools['powershell'];
      if (!powershell) return { app: null, unknownBecause: 'PowerShell was not found' };
      const run = await runTool(
        powershell,
        ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_SCRIPT],
        { env: backend.env, timeoutMs: 5000 },
      );
      const [hwnd = '', name = ''] = run.stdout.toString('utf8').trim().split('\t');
      return run.code === 0 ? known([name], hwnd && hwnd !== '0' ? hwnd : null) : known([], null);
    }
    case 'macos': {
      const osascript = backend.tools['osascript'];
      if (!osascript) return { app: null, unknownBecause: 'osascript was not found' };
      const run = await runTool(osascript, ['-l', 'JavaScript', '-e', MAC_SCRIPT], {
        env: backend.env,
        timeoutMs: 3000,
      });
      const [pid = '', bundle = '', name = ''] = run.stdout.toString('utf8').trim().split('\t');
      return run.code === 0 ? known([bundle, name], pid || null) : known([], null);
    }
  }
}

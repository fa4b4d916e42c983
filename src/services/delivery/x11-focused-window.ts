import { runTool } from './run-tool.js';

export interface FocusedWindow {
  id: string;
  /** WM_CLASS instance and class, e.g. ["xterm", "XTerm"]; empty when unknown. */
  classNames: string[];
}

/**
 * The window that will receive the keystroke: the X input focus, as xdotool reports it (walking up to
 * the window that carries WM_CLASS). `getactivewindow` (_NET_ACTIVE_WINDOW) is asked only when that
 * fails, since it needs a window manager (there is none under Xvfb).
 * WM_CLASS comes from xprop, since Debian's xdotool (3.20160805) has no getwindowclassname.
 */
export async function x11FocusedWindow(
  tools: { xdotool: string; xprop: string | null },
  env: NodeJS.ProcessEnv,
): Promise<FocusedWindow | null> {
  let id: string | null = null;
  for (const command of ['getwindowfocus', 'getactivewindow']) {
    const run = await runTool(tools.xdotool, [command], { env, timeoutMs: 1500 });
    const value = run.stdout.toString('utf8').trim();
    if (run.code === 0 && /^\d+$/.test(value)) {
      id = value;
      break;
    }
  }
  if (!id) return null;
  if (!tools.xprop) {
    const run = await runTool(tools.xdotool, ['getwindowclassname', id], { env, timeoutMs: 1500 });
    const name = run.stdout.toString('utf8').trim();
    return { id, classNames: run.code === 0 && name ? [name] : [] };
  }
  const run = await runTool(tools.xprop, ['-id', id, 'WM_CLASS'], { env, timeoutMs: 1500 });
  return { id, classNames: parseWmClass(run.code === 0 ? run.stdout.toString('utf8') : '') };
}

/** `WM_CLASS(STRING) = "xterm", "XTerm"` -> ["xterm", "XTerm"]. */
export function parseWmClass(xpropOutput: string): string[] {
  return [...xpropOutput.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '').filter(Boolean);
}

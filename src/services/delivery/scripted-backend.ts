import type { DeliveryFallbackCode } from '../../shared/delivery.js';
import type { BackendOptions, DeliveryBackend, Unavailable } from './backend.js';
import type { ClipboardAccess } from './clipboard-access.js';
import type { KeySender } from './key-sender.js';
import { MacClipboard, OsascriptKeys } from './macos.js';
import { SendInputKeys, WindowsClipboard } from './windows.js';

/** A desktop where one scripting host (osascript, PowerShell) reaches both the clipboard and the keys. */
interface ScriptedPlatform {
  session: 'macos' | 'windows';
  tool: { name: string; path: string | null };
  clipboard(tool: string, env: NodeJS.ProcessEnv): ClipboardAccess;
  keys(tool: string, env: NodeJS.ProcessEnv): KeySender;
  /** What the user is told when the tool is not found. */
  missing: Omit<Unavailable, 'code'>;
  pasteChord: DeliveryBackend['pasteChord'];
}

function scriptedBackend(options: BackendOptions, platform: ScriptedPlatform): DeliveryBackend {
  const { env } = options;
  const tool = platform.tool.path;
  const access = options.clipboard ?? (tool ? platform.clipboard(tool, env) : null);
  const missing = (code: DeliveryFallbackCode): Unavailable => ({ code, ...platform.missing });
  return {
    session: platform.session,
    env,
    tools: { [platform.tool.name]: tool },
    clipboard: (selection) => (selection === 'clipboard' ? access : null),
    clipboardMissing: access ? null : missing('clipboard_unavailable'),
    keys: tool ? platform.keys(tool, env) : null,
    keysMissing: tool ? null : missing('keystroke_unavailable'),
    pasteChord: platform.pasteChord,
    x11: null,
  };
}

export function macBackend(options: BackendOptions, osascript: string | null): DeliveryBackend {
  return scriptedBackend(options, {
    session: 'macos',
    tool: { name: 'osascript', path: osascript },
    clipboard: (tool, env) => new MacClipboard(tool, env),
    keys: (tool, env) => new OsascriptKeys(tool, env),
    missing: { message: 'osascript was not found on PATH (/usr/bin)' },
    pasteChord: 'cmd+v',
  });
}

export function windowsBackend(options: BackendOptions, powershell: string | null): DeliveryBackend {
  return scriptedBackend(options, {
    session: 'windows',
    tool: { name: 'powershell', path: powershell },
    clipboard: (tool, env) => new WindowsClipboard(tool, env),
    keys: (tool, env) => new SendInputKeys(tool, env),
    missing: {
      message: 'PowerShell was not found on PATH',
      hint: 'Windows PowerShell is part of Windows: check that its folder is on PATH.',
    },
    pasteChord: 'ctrl+v',
  });
}

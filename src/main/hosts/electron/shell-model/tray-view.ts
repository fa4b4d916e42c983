import type { DictationStatus } from '../../../../shared/dictation.js';
import type { SerializedError } from '../../../../shared/errors.js';
import type { TrayState } from '../packaging/runtime-layout.js';

export type TrayAction =
  'start' | 'stop' | 'cancel' | 'paste_last' | 'open' | 'settings' | 'install_update' | 'quit';

export type TrayMenuItem =
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'info'; label: string }
  | { kind: 'copy'; label: string; text: string }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] }
  | { kind: 'separator' };

export interface TrayInput {
  status: DictationStatus;
  /** The microphone is open between dictations (the always-on pre-roll). */
  microphoneArmed: boolean;
  /** Always-on listening for this wake phrase (privacy: always shown), or null. */
  wakePhrase?: string | null;
  /** Why a dictation cannot start now, or null. */
  notReady: SerializedError | null;
  /** Newest first. */
  recent: readonly { id: string; text: string }[];
  /** The toggle shortcut as the user set it, when it is registered. */
  toggleShortcut: string | null;
  /** The paste-again shortcut, when one is set and registered. */
  pasteLastShortcut?: string | null;
  /** A downloaded update's version, ready to install. */
  updateReady: string | null;
}

export interface TrayView {
  icon: TrayState;
  tooltip: string;
  menu: TrayMenuItem[];
}

const RECENT_LABEL_CHARS = 48;

/** What the tray shows for the app's state: its icon, tooltip and menu. Pure, so it is tested without Electron. */
export function trayView(input: TrayInput): TrayView {
  const { status } = input;
  const phase = status.phase;
  const starting = input.notReady?.kind === 'unavailable';
  const icon: TrayState =
    phase === 'recording'
      ? 'recording'
      : phase === 'transcribing'
        ? 'transcribing'
        : phase === 'error' || (input.notReady && !starting)
          ? 'error'
          : input.microphoneArmed
            ? 'listening'
            : 'idle';

  const line = statusLine(input);
  const wake = input.microphoneArmed && input.wakePhrase ? input.wakePhrase : null;
  const tooltip = [
    `Dictation: ${line}`,
    wake ? `listening for "${wake}"` : input.microphoneArmed ? 'microphone on (pre-roll)' : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const menu: TrayMenuItem[] = [{ kind: 'info', label: line }];
  if (wake) menu.push({ kind: 'info', label: `Listening for "${wake}" (wake word on)` });
  else if (input.microphoneArmed)
    menu.push({ kind: 'info', label: 'Microphone on between dictations (pre-roll)' });
  menu.push({ kind: 'separator' });
  if (phase === 'recording') {
    menu.push({ kind: 'action', action: 'stop', label: 'Stop dictation', enabled: true });
    menu.push({ kind: 'action', action: 'cancel', label: 'Discard recording', enabled: true });
  } else {
    const shortcut = input.toggleShortcut ? ` (${input.toggleShortcut})` : '';
    menu.push({
      kind: 'action',
      action: 'start',
      label: `Start dictation${shortcut}`,
      enabled: phase !== 'transcribing' && input.notReady === null,
    });
  }
  const pasteShortcut = input.pasteLastShortcut ? ` (${input.pasteLastShortcut})` : '';
  menu.push({
    kind: 'action',
    action: 'paste_last',
    label: `Paste last dictation again${pasteShortcut}`,
    enabled: phase === 'idle' && input.recent.length > 0,
  });
  menu.push({ kind: 'separator' });
  menu.push({ kind: 'action', action: 'open', label: 'Open Dictation', enabled: true });
  menu.push({
    kind: 'submenu',
    label: 'Recent transcripts',
    items:
      input.recent.length === 0
        ? [{ kind: 'info', label: 'No transcripts yet' }]
        : [
            ...input.recent.map((entry): TrayMenuItem => ({
              kind: 'copy',
              label: recentLabel(entry.text),
              text: entry.text,
            })),
            { kind: 'separator' },
            { kind: 'info', label: 'Click one to copy it' },
          ],
  });
  menu.push({ kind: 'action', action: 'settings', label: 'Settings…', enabled: true });
  if (input.updateReady) {
    menu.push({
      kind: 'action',
      action: 'install_update',
      label: `Restart to update to ${input.updateReady}`,
      enabled: phase === 'idle',
    });
  }
  menu.push({ kind: 'separator' });
  menu.push({ kind: 'action', action: 'quit', label: 'Quit Dictation', enabled: true });
  return { icon, tooltip, menu };
}

function statusLine(input: TrayInput): string {
  switch (input.status.phase) {
    case 'recording':
      return 'recording (Esc discards)';
    case 'transcribing':
      return 'transcribing…';
    case 'error':
      return `error: ${input.status.error?.message ?? 'the last dictation failed'}`;
    case 'idle':
      if (input.notReady) return `not ready: ${input.notReady.message}`;
      return input.toggleShortcut ? `ready (${input.toggleShortcut})` : 'ready';
  }
}

/** One line, short enough for a menu: whitespace collapsed, cut at a word with an ellipsis. */
export function recentLabel(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= RECENT_LABEL_CHARS) return line || '(empty)';
  const cut = line.slice(0, RECENT_LABEL_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > RECENT_LABEL_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

import { describe, expect, it } from 'vitest';
import {
  recentLabel,
  trayView,
  type TrayInput,
  type TrayMenuItem,
} from '../../src/main/hosts/electron/shell-model/tray-view.js';
import { IDLE_STATUS } from '../../src/shared/dictation.js';

const base: TrayInput = {
  status: IDLE_STATUS,
  microphoneArmed: false,
  notReady: null,
  recent: [],
  toggleShortcut: 'CommandOrControl+Shift+Space',
  updateReady: null,
};

const labels = (items: readonly TrayMenuItem[]) =>
  items.flatMap((item) => ('label' in item ? [item.label] : []));
const action = (items: readonly TrayMenuItem[], name: string) =>
  items.find((item) => item.kind === 'action' && item.action === name) as
    Extract<TrayMenuItem, { kind: 'action' }> | undefined;

describe('tray view', () => {
  it('shows each dictation phase with its own icon, tooltip and start/stop item', () => {
    const idle = trayView(base);
    expect(idle.icon).toBe('idle');
    expect(idle.tooltip).toBe('Dictation: ready (CommandOrControl+Shift+Space)');
    expect(action(idle.menu, 'start')).toMatchObject({
      enabled: true,
      label: 'Start dictation (CommandOrControl+Shift+Space)',
    });
    expect(action(idle.menu, 'stop')).toBeUndefined();

    const recording = trayView({
      ...base,
      status: { phase: 'recording', sessionId: 's', recordingSince: 1, error: null },
    });
    expect(recording.icon).toBe('recording');
    expect(recording.tooltip).toContain('recording');
    expect(action(recording.menu, 'stop')?.enabled).toBe(true);
    expect(action(recording.menu, 'cancel')?.enabled).toBe(true);
    expect(action(recording.menu, 'start')).toBeUndefined();

    const transcribing = trayView({
      ...base,
      status: { phase: 'transcribing', sessionId: 's', recordingSince: null, error: null },
    });
    expect(transcribing.icon).toBe('transcribing');
    expect(action(transcribing.menu, 'start')?.enabled).toBe(false);

    const failed = trayView({
      ...base,
      status: {
        phase: 'error',
        sessionId: null,
        recordingSince: null,
        error: { kind: 'device_lost', message: 'Lost the microphone.' },
      },
    });
    expect(failed.icon).toBe('error');
    expect(failed.tooltip).toContain('Lost the microphone.');
  });

  it('shows that the microphone is open between dictations (pre-roll armed)', () => {
    const armed = trayView({ ...base, microphoneArmed: true });
    expect(armed.icon).toBe('listening');
    expect(armed.tooltip).toContain('microphone on');
    expect(labels(armed.menu)).toContain('Microphone on between dictations (pre-roll)');
    expect(labels(trayView(base).menu)).not.toContain('Microphone on between dictations (pre-roll)');
    // Recording wins over the armed microphone.
    expect(
      trayView({
        ...base,
        microphoneArmed: true,
        status: { phase: 'recording', sessionId: 's', recordingSince: 1, error: null },
      }).icon,
    ).toBe('recording');
  });

  it('always shows when the microphone listens for the wake phrase, and only while it is open', () => {
    const listening = trayView({ ...base, microphoneArmed: true, wakePhrase: 'hey jarvis' });
    expect(listening.icon).toBe('listening');
    expect(listening.tooltip).toContain('listening for "hey jarvis"');
    expect(labels(listening.menu)).toContain('Listening for "hey jarvis" (wake word on)');
    const closed = trayView({ ...base, microphoneArmed: false, wakePhrase: 'hey jarvis' });
    expect(closed.tooltip).not.toContain('hey jarvis');
    expect(labels(closed.menu).join(' ')).not.toContain('hey jarvis');
  });

  it('says why dictation cannot start, and does not alarm while the engine is only starting', () => {
    const noModel = trayView({
      ...base,
      notReady: { kind: 'model_not_found', message: 'No speech model is installed yet.' },
    });
    expect(noModel.icon).toBe('error');
    expect(noModel.tooltip).toContain('not ready: No speech model is installed yet.');
    expect(action(noModel.menu, 'start')?.enabled).toBe(false);
    const starting = trayView({
      ...base,
      notReady: { kind: 'unavailable', message: 'The speech engine is starting.' },
    });
    expect(starting.icon).toBe('idle');
    expect(action(starting.menu, 'start')?.enabled).toBe(false);
  });

  it('lists recent transcripts to copy, open, settings and quit', () => {
    const view = trayView({
      ...base,
      recent: [
        { id: 'a', text: 'Short one.' },
        {
          id: 'b',
          text: 'A much longer transcript that goes on and on well past what a menu item can hold.',
        },
      ],
    });
    const recent = view.menu.find((item) => item.kind === 'submenu');
    if (recent?.kind !== 'submenu') throw new Error('no recent transcripts submenu');
    const copies = recent.items.filter((item) => item.kind === 'copy');
    expect(copies).toEqual([
      { kind: 'copy', label: 'Short one.', text: 'Short one.' },
      {
        kind: 'copy',
        label: 'A much longer transcript that goes on and on…',
        text: expect.stringContaining('menu item'),
      },
    ]);
    expect(
      view.menu
        .filter((item) => item.kind === 'action')
        .map((item) => (item.kind === 'action' ? item.action : '')),
    ).toEqual(['start', 'paste_last', 'open', 'settings', 'quit']);
    const empty = trayView(base).menu.find((item) => item.kind === 'submenu');
    expect(empty?.kind === 'submenu' && labels(empty.items)).toEqual(['No transcripts yet']);
  });

  it('pastes the last dictation again, with its shortcut when one is set, once there is one', () => {
    const pasteItem = (input: Partial<Parameters<typeof trayView>[0]>) =>
      trayView({ ...base, ...input }).menu.find(
        (item) => item.kind === 'action' && item.action === 'paste_last',
      );
    expect(pasteItem({})).toMatchObject({ label: 'Paste last dictation again', enabled: false });
    const recent = [{ id: 'a', text: 'Hello.' }];
    expect(pasteItem({ recent })).toMatchObject({ enabled: true });
    expect(pasteItem({ recent, pasteLastShortcut: 'Alt+Shift+V' })).toMatchObject({
      label: 'Paste last dictation again (Alt+Shift+V)',
    });
    expect(
      pasteItem({ recent, status: { phase: 'recording', sessionId: 's', recordingSince: 1, error: null } }),
    ).toMatchObject({ enabled: false });
  });

  it('offers a downloaded update, only when idle', () => {
    expect(action(trayView({ ...base, updateReady: '1.2.0' }).menu, 'install_update')).toMatchObject({
      label: 'Restart to update to 1.2.0',
      enabled: true,
    });
    const recording = { phase: 'recording' as const, sessionId: 's', recordingSince: 1, error: null };
    expect(
      action(trayView({ ...base, updateReady: '1.2.0', status: recording }).menu, 'install_update')?.enabled,
    ).toBe(false);
  });

  it('cuts recent labels to one short line', () => {
    expect(recentLabel('  two\n\nlines  ')).toBe('two lines');
    expect(recentLabel('')).toBe('(empty)');
    expect(recentLabel('x'.repeat(100))).toBe(`${'x'.repeat(47)}…`);
  });
});

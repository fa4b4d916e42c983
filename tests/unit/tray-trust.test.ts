import { describe, expect, it } from 'vitest';
import {
  parseHostReply,
  queryStatusNotifierHost,
  type CommandResult,
} from '../../src/main/hosts/electron/shell-model/status-notifier-host.js';
import { trayTrust } from '../../src/main/hosts/electron/shell-model/tray-trust.js';

const answer = (result: Partial<CommandResult>): CommandResult => ({
  code: 0,
  stdout: '',
  stderr: '',
  missing: false,
  ...result,
});

describe('StatusNotifier host', () => {
  it("reads gdbus's and dbus-send's replies", () => {
    expect(parseHostReply('(<true>,)\n')).toBe(true);
    expect(parseHostReply('(<false>,)')).toBe(false);
    expect(parseHostReply('   variant       boolean true\n')).toBe(true);
    expect(parseHostReply('variant boolean false')).toBe(false);
    expect(parseHostReply("('org.kde.StatusNotifierWatcher',)")).toBeNull();
  });

  it('falls back to dbus-send without gdbus, and says unknown with neither', async () => {
    const asked: string[] = [];
    const viaDbusSend = await queryStatusNotifierHost({}, async (command) => {
      asked.push(command);
      return command === 'gdbus'
        ? answer({ missing: true, code: null })
        : answer({ stdout: 'variant boolean true' });
    });
    expect(asked).toEqual(['gdbus', 'dbus-send']);
    expect(viaDbusSend.host).toBe('registered');
    expect((await queryStatusNotifierHost({}, async () => answer({ missing: true, code: null }))).host).toBe(
      'unknown',
    );
  });

  it('no watcher, no bus, or a watcher without a host: none', async () => {
    const noWatcher = await queryStatusNotifierHost({}, async () =>
      answer({
        code: 1,
        stderr:
          'Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.kde.StatusNotifierWatcher was not provided by any .service files',
      }),
    );
    expect(noWatcher).toMatchObject({ host: 'none', detail: expect.stringContaining('ServiceUnknown') });
    expect((await queryStatusNotifierHost({}, async () => answer({ stdout: '(<false>,)' }))).host).toBe(
      'none',
    );
  });
});

describe('tray trust', () => {
  it('on Linux without a StatusNotifier host: no tray, closing quits, and the user is told why and what to do', () => {
    const none = trayTrust('linux', { host: 'none', detail: 'ServiceUnknown' });
    expect(none.trusted).toBe(false);
    expect(none.notice?.message).toContain('closing its window quits');
    expect(none.notice?.hint).toContain('AppIndicator');
    expect(trayTrust('linux', { host: 'registered', detail: '' })).toEqual({ trusted: true, notice: null });
    // Cannot ask the bus: Electron's own behaviour stands.
    expect(trayTrust('linux', { host: 'unknown', detail: '' }).trusted).toBe(true);
    expect(trayTrust('darwin', null).trusted).toBe(true);
    expect(trayTrust('win32', { host: 'none', detail: '' }).trusted).toBe(true);
  });
});

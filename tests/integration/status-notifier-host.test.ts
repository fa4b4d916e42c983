import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryStatusNotifierHost } from '../../src/main/hosts/electron/shell-model/status-notifier-host.js';
import {
  missingDbusTools,
  startSessionBus,
  startStatusNotifierWatcher,
  type SessionBus,
} from '../helpers/dbus/session-bus.js';

const missing = missingDbusTools();

/** The real query (gdbus) against a real session bus (dbus-daemon), with and without a tray's watcher. */
describe.skipIf(missing.length > 0)(
  `StatusNotifier host on a real session bus${missing.length ? ` (skipped: install ${missing.join(', ')})` : ''}`,
  () => {
    let bus: SessionBus;
    beforeAll(async () => {
      bus = await startSessionBus();
    });
    afterAll(async () => {
      await bus?.stop();
    });

    it('no watcher on the bus (GNOME without the AppIndicator extension): none', async () => {
      expect(await queryStatusNotifierHost(bus.env)).toMatchObject({
        host: 'none',
        detail: expect.stringContaining('org.kde.StatusNotifierWatcher'),
      });
    });

    it('a watcher with a host registered: registered; a watcher without one: none', async () => {
      const withHost = await startStatusNotifierWatcher(bus, true);
      try {
        expect((await queryStatusNotifierHost(bus.env)).host).toBe('registered');
      } finally {
        await withHost.stop();
      }
      const withoutHost = await startStatusNotifierWatcher(bus, false);
      try {
        expect(await queryStatusNotifierHost(bus.env)).toMatchObject({
          host: 'none',
          detail: expect.stringContaining('no host registered'),
        });
      } finally {
        await withoutHost.stop();
      }
    });

    it('no session bus at all: none', async () => {
      const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/dictation-bus' };
      expect((await queryStatusNotifierHost(env)).host).toBe('none');
    });
  },
);

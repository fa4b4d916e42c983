import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/services/logging/logger.js';
import {
  UpdateCoordinator,
  type UpdaterPort,
} from '../../src/main/hosts/electron/packaging/update-coordinator.js';
import { resolveUpdateFeed } from '../../src/main/hosts/electron/packaging/update-feed.js';
import { installAfterShutdown } from '../../src/main/hosts/electron/packaging/install-after-shutdown.js';
import { createQuitSequence } from '../../src/main/hosts/electron/shell-model/quit-sequence.js';

describe('resolveUpdateFeed', () => {
  const packaged = { isPackaged: true, bundledConfigExists: false };

  it('is off for builds without a feed, unpackaged runs and when the user turned it off', () => {
    expect(resolveUpdateFeed(packaged)).toEqual({ enabled: false, reason: 'this build has no update feed' });
    expect(resolveUpdateFeed({ isPackaged: false, bundledConfigExists: true }).enabled).toBe(false);
    expect(resolveUpdateFeed({ ...packaged, bundledConfigExists: true, turnedOff: true })).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/turned off/),
    });
  });

  it('uses the feed electron-builder bundled, or an https override', () => {
    expect(resolveUpdateFeed({ ...packaged, bundledConfigExists: true })).toEqual({
      enabled: true,
      source: 'bundled',
    });
    expect(
      resolveUpdateFeed({ ...packaged, overrideUrl: ' https://updates.example.org/dictation ' }),
    ).toEqual({
      enabled: true,
      source: 'override',
      url: 'https://updates.example.org/dictation',
    });
  });

  it('refuses a feed that is not an https URL, saying which', () => {
    expect(resolveUpdateFeed({ ...packaged, overrideUrl: 'http://updates.example.org/' })).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('http://updates.example.org/ is not https'),
    });
    expect(resolveUpdateFeed({ ...packaged, overrideUrl: 'updates' }).enabled).toBe(false);
  });
});

/**
 * electron-updater needs Electron's app and net modules, which cannot run here: this stand-in for
 * its AppUpdater emits the same events and records what the coordinator asks of it.
 */
class StandInUpdater implements UpdaterPort {
  readonly events = new EventEmitter();
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs = 0;
  failNextCheck: Error | null = null;
  setAutoDownload(on: boolean) {
    this.autoDownload = on;
  }
  setAutoInstallOnAppQuit(on: boolean) {
    this.autoInstallOnAppQuit = on;
  }
  async checkForUpdates() {
    this.checks++;
    const failure = this.failNextCheck;
    this.failNextCheck = null;
    if (failure) {
      this.events.emit('error', failure);
      throw failure;
    }
  }
  quitAndInstall() {
    this.installs++;
  }
  onAvailable(listener: (version: string) => void) {
    this.events.on('available', listener);
  }
  onProgress(listener: (percent: number) => void) {
    this.events.on('progress', listener);
  }
  onDownloaded(listener: (version: string) => void) {
    this.events.on('downloaded', listener);
  }
  onError(listener: (error: Error) => void) {
    this.events.on('error', listener);
  }
  deliver(version: string) {
    this.events.emit('available', version);
    this.events.emit('progress', 50);
    this.events.emit('downloaded', version);
  }
}

describe('UpdateCoordinator', () => {
  let updater: StandInUpdater;
  let recording: boolean;
  let coordinator: UpdateCoordinator;
  /** As the shell does: the app's shutdown first, then the install. Here the shutdown is immediate. */
  const make = (checkEveryMs = 1000) =>
    new UpdateCoordinator({
      feed: { enabled: true, source: 'bundled' },
      updater,
      canInstallNow: () => !recording,
      restartIntoUpdate: (install) => install(),
      logger: silentLogger(),
      checkEveryMs,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    updater = new StandInUpdater();
    recording = false;
    coordinator = make();
  });
  afterEach(() => {
    coordinator.stop();
    vi.useRealTimers();
  });

  it('downloads in the background and installs only on quit by itself', async () => {
    coordinator.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.checks).toBe(1);
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    const states: string[] = [];
    coordinator.onChange((s) => states.push(s.status));
    updater.deliver('0.2.0');
    expect(states).toEqual(['downloading', 'downloading', 'ready']);
    expect(coordinator.state).toEqual({ status: 'ready', version: '0.2.0', installWhenIdle: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(updater.installs).toBe(0);
    // A downloaded update is not fetched again by later checks.
    expect(updater.checks).toBe(1);
  });

  it('never restarts into an update during a recording: the request waits until the app is idle', async () => {
    coordinator.start();
    updater.deliver('0.2.0');
    recording = true;
    expect(coordinator.requestInstall()).toBe('deferred');
    coordinator.activityChanged(); // e.g. a job finished while the recording goes on
    expect(updater.installs).toBe(0);
    expect(coordinator.state).toMatchObject({ status: 'ready', installWhenIdle: true });
    recording = false;
    coordinator.activityChanged();
    expect(updater.installs).toBe(1);
  });

  it('installs at once when asked while idle, and does nothing when there is no update', () => {
    expect(coordinator.requestInstall()).toBe('nothing_to_install');
    updater.deliver('0.2.0');
    expect(coordinator.requestInstall()).toBe('installing');
    expect(updater.installs).toBe(1);
  });

  it('reports a failed check and checks again later', async () => {
    updater.failNextCheck = new Error('net::ERR_INTERNET_DISCONNECTED');
    coordinator.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(coordinator.state).toEqual({ status: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(updater.checks).toBe(2);
    expect(coordinator.state).toEqual({ status: 'idle' });
  });

  it('with no feed it never touches the updater', async () => {
    const off = new UpdateCoordinator({
      feed: { enabled: false, reason: 'this build has no update feed' },
      updater: null,
      canInstallNow: () => true,
      restartIntoUpdate: () => {
        throw new Error('nothing to restart into');
      },
      logger: silentLogger(),
    });
    off.start();
    await off.checkNow();
    expect(off.state).toEqual({ status: 'disabled', reason: 'this build has no update feed' });
    expect(off.requestInstall()).toBe('nothing_to_install');
  });
});

describe('Restart to update', () => {
  afterEach(() => vi.useRealTimers());

  it('installs only after the whole shutdown, with quitting allowed and the single-instance lock released', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    const updater = new StandInUpdater();
    updater.quitAndInstall = () => order.push('quitAndInstall');
    let finishShutdown = () => {};
    const exits: number[] = [];
    const quit = createQuitSequence({
      logger: silentLogger(),
      shutdown: (reason) => {
        order.push(`shutdown started (${reason})`);
        return new Promise<void>((resolve) => {
          finishShutdown = () => {
            order.push('engine stopped, recordings and database closed');
            resolve();
          };
        });
      },
      exit: (code) => exits.push(code),
    });
    const coordinator = new UpdateCoordinator({
      feed: { enabled: true, source: 'bundled' },
      updater,
      canInstallNow: () => true,
      restartIntoUpdate: (install) =>
        void quit.request('update', 0, () =>
          installAfterShutdown({
            allowQuit: () => order.push('quit allowed'),
            releaseSingleInstanceLock: () => order.push('lock released'),
            install,
            exit: (code) => exits.push(code),
            report: () => {},
            exitAfterMs: 1000,
          }),
        ),
      logger: silentLogger(),
    });
    updater.deliver('0.2.0');
    expect(coordinator.requestInstall()).toBe('installing');
    // Nothing is installed while the app is still shutting down.
    expect(order).toEqual(['shutdown started (update)']);
    expect(coordinator.installStarted).toBe(true);
    finishShutdown();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([
      'shutdown started (update)',
      'engine stopped, recordings and database closed',
      'quit allowed',
      'lock released',
      'quitAndInstall',
    ]);
    // The installer normally ends the app; if it does not, the app (already shut down) exits.
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(exits).toEqual([0]);
    // A second request does not start a second shutdown or install.
    expect(coordinator.requestInstall()).toBe('installing');
    expect(order.filter((step) => step === 'quitAndInstall')).toHaveLength(1);
  });

  it('exits with an error when the installer cannot be started', () => {
    const exits: number[] = [];
    const lines: Record<string, unknown>[] = [];
    installAfterShutdown({
      allowQuit: () => {},
      releaseSingleInstanceLock: () => {},
      install: () => {
        throw new Error('ERR_UPDATER_ZIP_FILE_NOT_FOUND');
      },
      exit: (code) => exits.push(code),
      report: (line) => lines.push(line),
    });
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatchObject({ event: 'update_install_failed' });
  });
});

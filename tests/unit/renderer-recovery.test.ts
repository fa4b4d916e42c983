import { describe, expect, it } from 'vitest';
import { rendererCrashPage } from '../../src/main/hosts/electron/shell-model/renderer-crash-page.js';
import { RendererRecovery } from '../../src/main/hosts/electron/shell-model/renderer-recovery.js';

describe('renderer crash recovery', () => {
  it('reloads three times, later each time, then gives up instead of reloading in a loop', () => {
    let now = 0;
    const recovery = new RendererRecovery({ now: () => now });
    expect(recovery.onGone('crashed')).toEqual({ action: 'reload', delayMs: 0, attempt: 1 });
    now += 2000;
    expect(recovery.onGone('oom')).toEqual({ action: 'reload', delayMs: 1000, attempt: 2 });
    now += 2000;
    expect(recovery.onGone('crashed')).toEqual({ action: 'reload', delayMs: 5000, attempt: 3 });
    now += 6000;
    expect(recovery.onGone('crashed')).toEqual({ action: 'give_up', crashes: 4, withinMs: 10_000 });
    expect(recovery.gaveUp).toBe(true);
    // While given up, further reports change nothing (the crash page is showing).
    expect(recovery.onGone('crashed')).toEqual({ action: 'ignore' });
    // The user asked for the window again: a fresh start.
    recovery.reset();
    expect(recovery.onGone('crashed')).toEqual({ action: 'reload', delayMs: 0, attempt: 1 });
  });

  it('forgets crashes older than a minute, and ignores a renderer that exited cleanly', () => {
    let now = 0;
    const recovery = new RendererRecovery({ now: () => now });
    for (let i = 0; i < 10; i++) {
      expect(recovery.onGone('crashed').action).toBe('reload');
      now += 30_000;
    }
    expect(recovery.onGone('clean-exit')).toEqual({ action: 'ignore' });
  });

  it('the crash page says what happened and what to do, with its text escaped', () => {
    const page = rendererCrashPage({ reason: 'oom', crashes: 4, logsDir: '/home/<ada>/logs' });
    expect(page.url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    const html = decodeURIComponent(page.url.slice(page.url.indexOf(',') + 1));
    expect(html).toContain('crashed 4 times in a row (oom)');
    expect(html).toContain('Open Dictation');
    expect(html).toContain('/home/&lt;ada&gt;/logs');
    expect(html).not.toContain('<script');
  });
});

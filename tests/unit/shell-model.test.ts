import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/services/logging/logger.js';
import {
  CONTENT_SECURITY_POLICY,
  cspDirectives,
  HEADER_ONLY_CSP_DIRECTIVES,
  RENDERER_CSP_DIRECTIVES,
} from '../../src/main/hosts/electron/shell-model/content-security-policy.js';
import {
  chromiumFeaturesFor,
  isWaylandSession,
} from '../../src/main/hosts/electron/shell-model/desktop-session.js';
import { createQuitSequence } from '../../src/main/hosts/electron/shell-model/quit-sequence.js';
import { shortcutNotRegistered } from '../../src/main/hosts/electron/shell-model/shortcut-problem.js';
import { projectRoot } from '../helpers/fixtures.js';

describe('content security policy', () => {
  it("the header carries exactly the page's own meta policy, plus directives only a header can set", () => {
    const html = readFileSync(path.join(projectRoot, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'index.html has a CSP meta tag').toBeDefined();
    expect(cspDirectives(meta ?? '')).toEqual([...RENDERER_CSP_DIRECTIVES]);
    const header = cspDirectives(CONTENT_SECURITY_POLICY);
    expect(header.slice(0, RENDERER_CSP_DIRECTIVES.length)).toEqual([...RENDERER_CSP_DIRECTIVES]);
    expect(header).toContain("object-src 'none'");
    expect(header).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('the built page (what the window loads from file://) carries the whole policy itself, but frame-ancestors', () => {
    const built = path.join(projectRoot, 'dist', 'renderer', 'index.html');
    expect(existsSync(built), `${built} is missing: run npm run build:renderer first`).toBe(true);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      readFileSync(built, 'utf8'),
    )?.[1];
    const directives = cspDirectives(meta ?? '');
    // Electron does not promise response headers for file:// pages: these must not depend on the header.
    expect(directives).toEqual(
      expect.arrayContaining(["object-src 'none'", "base-uri 'none'", "form-action 'none'"]),
    );
    // A meta tag cannot carry frame-ancestors (the CSP spec ignores it there): the header alone sets it.
    expect(directives.some((d) => d.startsWith('frame-ancestors'))).toBe(false);
    expect([...HEADER_ONLY_CSP_DIRECTIVES]).toEqual(["frame-ancestors 'none'"]);
  });
});

describe('desktop session', () => {
  it('asks Chromium for the global shortcuts portal on Wayland only', () => {
    expect(chromiumFeaturesFor({ XDG_SESSION_TYPE: 'wayland' }, 'linux')).toEqual(['GlobalShortcutsPortal']);
    expect(chromiumFeaturesFor({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux')).toEqual([
      'GlobalShortcutsPortal',
    ]);
    expect(chromiumFeaturesFor({ XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'linux')).toEqual([]);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' }, 'darwin')).toBe(false);
  });

  it('explains a toggle shortcut that could not be registered, per desktop', () => {
    const taken = shortcutNotRegistered('CommandOrControl+Shift+Space', { DISPLAY: ':0' }, 'linux');
    expect(taken.kind).toBe('hotkey_unavailable');
    expect(taken.message).toContain('another application already uses it');
    expect(taken.hint).toContain('Settings > Hotkeys');
    const wayland = shortcutNotRegistered('Alt+D', { XDG_SESSION_TYPE: 'wayland' }, 'linux');
    expect(wayland.message).toContain('portal');
    expect(wayland.hint).toContain('xdg-desktop-portal');
    expect(shortcutNotRegistered('Alt+D', {}, 'darwin').hint).toContain('System Settings');
  });
});

describe('quit sequence', () => {
  it('runs the shutdown once however often quitting is asked for, then exits', async () => {
    const calls: string[] = [];
    const exits: number[] = [];
    let finish = () => {};
    const quit = createQuitSequence({
      logger: silentLogger(),
      shutdown: (reason) => {
        calls.push(reason);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      exit: (code) => exits.push(code),
    });
    expect(quit.quitting).toBe(false);
    const first = quit.request('SIGTERM');
    const second = quit.request('tray');
    expect(quit.quitting).toBe(true);
    expect(calls).toEqual(['SIGTERM']);
    expect(exits).toEqual([]);
    finish();
    await Promise.all([first, second]);
    expect(exits).toEqual([0]);
  });

  it('exits with an error code when the shutdown fails, and by the deadline when it hangs', async () => {
    const exits: number[] = [];
    await createQuitSequence({
      logger: silentLogger(),
      shutdown: () => Promise.reject(new Error('engine would not stop')),
      exit: (code) => exits.push(code),
    }).request('tray');
    expect(exits).toEqual([1]);

    const hungExits: number[] = [];
    void createQuitSequence({
      logger: silentLogger(),
      shutdown: () => new Promise<void>(() => {}),
      exit: (code) => hungExits.push(code),
      deadlineMs: 50,
    }).request('SIGINT', 130);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(hungExits).toEqual([130]);
  });
});

import { describe, expect, it } from 'vitest';
import { secondInstanceMessageSchema } from '../../src/shared/app-instance.js';
import {
  mergeLaunchRequests,
  parseLaunchInputs,
  userArguments,
} from '../../src/main/hosts/electron/packaging/launch-request.js';

const linux = { cwd: '/home/ada/Music', platform: 'linux' as const };
const windows = { cwd: 'C:\\Users\\Ada\\Music', platform: 'win32' as const };

describe('userArguments', () => {
  it('drops the executable, and the app folder when run unpackaged as `electron . <args>`', () => {
    expect(userArguments(['/opt/Dictation/dictation', 'a.wav'], false)).toEqual(['a.wav']);
    expect(userArguments(['/usr/bin/electron', '.', 'a.wav'], true)).toEqual(['a.wav']);
  });
});

describe('parseLaunchInputs', () => {
  it('a plain launch shows the window and adds nothing', () => {
    expect(parseLaunchInputs([], linux)).toEqual({ hidden: false, showWindow: true, jobs: [], ignored: [] });
  });

  it('a login launch stays in the tray', () => {
    const request = parseLaunchInputs(['--hidden'], linux);
    expect(request.hidden).toBe(true);
    expect(request.showWindow).toBe(false);
  });

  it('turns file arguments into jobs, relative to the launching directory, without duplicates', () => {
    const request = parseLaunchInputs(
      ['talk.mp3', '../Videos/lecture.mp4', '/tmp/a b.wav', 'talk.mp3'],
      linux,
    );
    expect(request.jobs).toEqual([
      { path: '/home/ada/Music/talk.mp3', origin: 'argument' },
      { path: '/home/ada/Videos/lecture.mp4', origin: 'argument' },
      { path: '/tmp/a b.wav', origin: 'argument' },
    ]);
    expect(request.showWindow).toBe(true);
  });

  it('reads file:// URLs as Linux file managers pass them to Exec=... %U', () => {
    const request = parseLaunchInputs(['file:///home/ada/Music/caf%C3%A9%20talk.m4a'], linux);
    expect(request.jobs).toEqual([{ path: '/home/ada/Music/café talk.m4a', origin: 'argument' }]);
    expect(parseLaunchInputs(['file://otherhost/share/a.wav'], linux).ignored[0]?.reason).toMatch(/local/);
  });

  it('skips Chromium switches and macOS -psn_ arguments, but takes everything after -- as files', () => {
    const request = parseLaunchInputs(
      ['--no-sandbox', '--enable-features=UseOzonePlatform', '-psn_0_1234', '--', '--odd-name.wav'],
      linux,
    );
    expect(request.jobs).toEqual([{ path: '/home/ada/Music/--odd-name.wav', origin: 'argument' }]);
    expect(request.ignored.map((i) => i.input)).toEqual([
      '--no-sandbox',
      '--enable-features=UseOzonePlatform',
      '-psn_0_1234',
    ]);
  });

  it('resolves Windows paths with Windows rules', () => {
    const request = parseLaunchInputs(['talk.mp3', 'D:\\Rec\\b.flac', 'file:///C:/x/y%20z.wav'], windows);
    expect(request.jobs.map((j) => j.path)).toEqual([
      'C:\\Users\\Ada\\Music\\talk.mp3',
      'D:\\Rec\\b.flac',
      'C:\\x\\y z.wav',
    ]);
  });

  it('dictation://open shows the window, also for a hidden launch', () => {
    expect(parseLaunchInputs(['dictation://open'], linux).showWindow).toBe(true);
    expect(parseLaunchInputs(['--hidden', 'DICTATION://open/'], linux)).toMatchObject({
      hidden: true,
      showWindow: true,
    });
  });

  it('dictation://transcribe adds absolute files marked as coming from a link', () => {
    const link =
      'dictation://transcribe?file=%2Fhome%2Fada%2Fa.wav&file=file%3A%2F%2F%2Fhome%2Fada%2Fb%2520c.mp3&file=rel.wav';
    const request = parseLaunchInputs([link], linux);
    expect(request.jobs).toEqual([
      { path: '/home/ada/a.wav', origin: 'link' },
      { path: '/home/ada/b c.mp3', origin: 'link' },
    ]);
    expect(request.ignored).toEqual([
      { input: 'rel.wav', reason: 'a link may only name absolute file paths' },
    ]);
  });

  it('never lets a link do anything else (a web page can open it): unknown actions are ignored', () => {
    for (const link of [
      'dictation://record',
      'dictation://start?mode=toggle',
      'dictation://settings/reset',
    ]) {
      const request = parseLaunchInputs(['--hidden', link], linux);
      expect(request).toMatchObject({ showWindow: false, jobs: [] });
      expect(request.ignored[0]?.reason).toMatch(/unknown action/);
    }
    expect(parseLaunchInputs(['dictation://transcribe'], linux).ignored[0]?.reason).toMatch(/names no file/);
  });

  it('merges the per-file requests macOS sends', () => {
    const merged = mergeLaunchRequests([
      parseLaunchInputs(['/a.wav'], linux),
      parseLaunchInputs(['/b.wav', '/a.wav'], linux),
      parseLaunchInputs(['--hidden', '--x'], linux),
    ]);
    expect(merged.jobs.map((j) => j.path)).toEqual(['/a.wav', '/b.wav']);
    expect(merged).toMatchObject({ hidden: true, showWindow: true, ignored: [{ input: '--x' }] });
  });
});

describe('secondInstanceMessageSchema', () => {
  it('accepts what a second launch sends and rejects anything else', () => {
    const message = {
      type: 'launch',
      timestamp: 1,
      argv: ['/opt/Dictation/dictation', 'a.wav'],
      cwd: '/home/ada',
    };
    expect(secondInstanceMessageSchema.parse(message)).toEqual(message);
    expect(secondInstanceMessageSchema.safeParse({ ...message, argv: 'a.wav' }).success).toBe(false);
    expect(secondInstanceMessageSchema.safeParse({ ...message, type: 'quit' }).success).toBe(false);
    expect(secondInstanceMessageSchema.safeParse(null).success).toBe(false);
  });
});

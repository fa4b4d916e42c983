import { describe, expect, it } from 'vitest';
import type { AudioSource } from '../../src/services/capture/audio-source.js';
import { startedAtLogin } from '../../src/main/hosts/electron/shell-model/login-start.js';
import {
  createMicrophoneAccessCheck,
  type MediaAccessStatus,
  withMicrophoneAccess,
} from '../../src/main/hosts/electron/shell-model/microphone-access.js';

/** Electron's systemPreferences as macOS answers: a status, and a prompt the user answers. */
function systemAccess(status: MediaAccessStatus, answer: boolean) {
  const calls = { status: 0, asks: 0 };
  return {
    calls,
    access: {
      status: () => (calls.status++, status),
      ask: async () => {
        calls.asks++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return answer;
      },
    },
  };
}

describe('microphone access', () => {
  it('macOS: asks once when undecided, before the microphone opens, and explains a refusal', async () => {
    const allow = systemAccess('not-determined', true);
    await createMicrophoneAccessCheck('darwin', allow.access)();
    expect(allow.calls.asks).toBe(1);

    const deny = systemAccess('not-determined', false);
    const check = createMicrophoneAccessCheck('darwin', deny.access);
    const opened: string[] = [];
    const microphone: AudioSource = {
      label: 'the microphone',
      start: async () => void opened.push('opened'),
      stop: async () => {},
    };
    const gated = withMicrophoneAccess(microphone, check);
    // Two starts at once (the armed pre-roll and a dictation) share one prompt.
    const results = await Promise.allSettled([gated.start({ onBlock: () => {} }), check()]);
    expect(deny.calls.asks).toBe(1);
    expect(opened).toEqual([]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as {
        kind: string;
        message: string;
        hint: string;
      };
      expect(error.kind).toBe('permission_denied');
      expect(error.message).toContain('record only silence');
      expect(error.hint).toContain('System Settings > Privacy & Security > Microphone');
    }
  });

  it('macOS: a past refusal or a restriction is explained without asking; granted opens the microphone', async () => {
    const denied = systemAccess('denied', true);
    await expect(createMicrophoneAccessCheck('darwin', denied.access)()).rejects.toMatchObject({
      kind: 'permission_denied',
      hint: expect.stringContaining('turn on Dictation'),
    });
    expect(denied.calls.asks).toBe(0);
    await expect(
      createMicrophoneAccessCheck('darwin', systemAccess('restricted', true).access)(),
    ).rejects.toMatchObject({ message: expect.stringContaining('restricted') });
    await expect(
      createMicrophoneAccessCheck('darwin', systemAccess('granted', false).access)(),
    ).resolves.toBe(undefined);
  });

  it('Windows: the privacy switch for desktop apps, if off, is named; Linux has no such check', async () => {
    await expect(
      createMicrophoneAccessCheck('win32', systemAccess('denied', true).access)(),
    ).rejects.toMatchObject({ hint: expect.stringContaining('Let desktop apps access your microphone') });
    const linux = systemAccess('denied', false);
    await createMicrophoneAccessCheck('linux', linux.access)();
    expect(linux.calls.status).toBe(0);
  });
});

describe('start at login', () => {
  it('starts hidden with --hidden, or on macOS when the OS opened the app at login', () => {
    expect(startedAtLogin(true, 'linux', () => undefined)).toBe(true);
    expect(startedAtLogin(false, 'darwin', () => true)).toBe(true);
    expect(startedAtLogin(false, 'darwin', () => false)).toBe(false);
    // wasOpenedAtLogin is macOS-only: not even read elsewhere.
    expect(
      startedAtLogin(false, 'win32', () => {
        throw new Error('read on Windows');
      }),
    ).toBe(false);
  });
});

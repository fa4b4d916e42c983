import { AppError } from '../../../../shared/errors.js';
import type { AudioSource } from '../../../../services/capture/audio-source.js';

/** Electron's systemPreferences.getMediaAccessStatus('microphone') answers. */
export type MediaAccessStatus = 'not-determined' | 'granted' | 'denied' | 'restricted' | 'unknown';

export interface MediaAccess {
  status(): MediaAccessStatus;
  /** macOS only: the system's one-time prompt; resolves with the user's answer. */
  ask(): Promise<boolean>;
}

/**
 * Checks, before the microphone is opened, that the OS lets the app hear it. Without this, macOS opens
 * the device all the same and delivers silence until the user answers its prompt, and forever after
 * a "Don't Allow": the user dictates into nothing. On macOS an undecided status asks first (once at a
 * time); a refusal, or Windows' "Let desktop apps access your microphone" turned off, is an error
 * that says where to change it.
 */
export function createMicrophoneAccessCheck(platform: NodeJS.Platform, access: MediaAccess) {
  let asking: Promise<boolean> | null = null;
  return async (): Promise<void> => {
    if (platform !== 'darwin' && platform !== 'win32') return;
    let status = access.status();
    if (platform === 'darwin' && status === 'not-determined') {
      asking ??= access.ask().finally(() => (asking = null));
      status = (await asking) ? 'granted' : 'denied';
    }
    if (status === 'denied' || status === 'restricted') throw microphoneRefused(platform, status);
  };
}

function microphoneRefused(platform: NodeJS.Platform, status: 'denied' | 'restricted'): AppError {
  if (platform === 'win32') {
    return new AppError('permission_denied', 'Windows does not let desktop apps use the microphone.', {
      hint: 'Open Settings > Privacy & security > Microphone, turn on "Microphone access" and "Let desktop apps access your microphone", then try again.',
    });
  }
  if (status === 'restricted') {
    return new AppError(
      'permission_denied',
      'Microphone access is restricted on this Mac (by a management profile or Screen Time).',
      { hint: 'Ask whoever manages this Mac to allow the microphone for Dictation.' },
    );
  }
  return new AppError(
    'permission_denied',
    'macOS does not let Dictation use the microphone, so it would record only silence.',
    {
      hint: 'Open System Settings > Privacy & Security > Microphone, turn on Dictation, then try again.',
    },
  );
}

/** The source opens only once the check passed. */
export function withMicrophoneAccess(source: AudioSource, check: () => Promise<void>): AudioSource {
  return {
    get label() {
      return source.label;
    },
    async start(handlers) {
      await check();
      await source.start(handlers);
    },
    stop: () => source.stop(),
  };
}

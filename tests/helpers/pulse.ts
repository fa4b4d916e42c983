import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir } from './fixtures.js';

export interface VirtualMicrophone {
  /** Set as PULSE_SERVER for anything that should hear the virtual microphone. */
  server: string;
  /** Plays a WAV file into the microphone; resolves when playback has finished. */
  play(file: string): Promise<void>;
  stop(): Promise<void>;
}

export function pulseAvailable(): string | null {
  for (const tool of ['pulseaudio', 'pactl', 'paplay']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (apt-get install pulseaudio pulseaudio-utils)`;
    }
  }
  if (
    !existsSync('/etc/alsa/conf.d/99-pulse.conf') &&
    !existsSync('/usr/share/alsa/alsa.conf.d/pulse.conf')
  ) {
    return "ALSA's PulseAudio plugin is missing (apt-get install libasound2-plugins)";
  }
  return null;
}

/**
 * A private PulseAudio daemon whose default source is a virtual microphone: a null sink's monitor,
 * remapped as a real source. What is played into the sink is what the microphone hears. Debian's ALSA
 * configuration routes the "default" device to PulseAudio, so PortAudio (naudiodon) captures it.
 */
export async function startVirtualMicrophone(): Promise<VirtualMicrophone> {
  const { dir, cleanup } = makeTempDir('dictation-pulse-');
  const socket = path.join(dir, 'native');
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir };
  const daemon: ChildProcess = spawn(
    'pulseaudio',
    [
      '-n',
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--disallow-exit',
      '--use-pid-file=no',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '-L',
      'module-null-sink sink_name=virtual_speaker rate=16000 channels=1',
      '-L',
      'module-remap-source master=virtual_speaker.monitor source_name=virtual_mic',
    ],
    { env, stdio: 'ignore' },
  );
  const server = `unix:${socket}`;
  const paEnv = { ...env, PULSE_SERVER: server };
  for (let i = 0; ; i++) {
    try {
      execFileSync('pactl', ['set-default-source', 'virtual_mic'], { env: paEnv, stdio: 'ignore' });
      break;
    } catch {
      if (i > 50) throw new Error('PulseAudio did not start');
      await sleep(100);
    }
  }
  return {
    server,
    play: (file) =>
      new Promise<void>((resolve, reject) => {
        const player = spawn('paplay', ['--device=virtual_speaker', file], { env: paEnv, stdio: 'ignore' });
        player.on('error', reject);
        player.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`paplay exited ${code}`))));
      }),
    stop: async () => {
      daemon.kill('SIGTERM');
      await sleep(100);
      cleanup();
    },
  };
}

/** Synthetic speech (espeak-ng) as 16 kHz mono 16-bit WAV, padded with silence. */
export function speechWav(file: string, text: string, padSeconds = 0): void {
  const raw = `${file}.raw.wav`;
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
  const args = [raw, '-r', '16000', '-c', '1', '-b', '16', file];
  if (padSeconds > 0) args.push('pad', String(padSeconds), String(padSeconds));
  execFileSync('sox', args);
}

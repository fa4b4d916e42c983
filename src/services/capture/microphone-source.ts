import { createResampler, type Resampler } from '../../audio/resampler.js';
import { AppError } from '../../shared/errors.js';
import type { AudioSource, AudioSourceHandlers } from './audio-source.js';
import { listMicrophones, noMicrophoneError, type MicrophoneDevice } from './devices.js';
import { loadNaudiodon, type PaAudioIO } from './naudiodon-binding.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

const FRAMES_PER_BUFFER = 512;
/** No audio for this long from a running device means it is gone (unplugged, driver reset). */
const STALL_MS = 1500;
/**
 * A freshly opened device may take a while to deliver its first block: reopening a PulseAudio source
 * through ALSA took about 2 s here. Only a device that delivered nothing for this long is reported.
 */
const FIRST_BLOCK_MS = 6000;

export interface MicrophoneOptions {
  /** PortAudio device id; null = the system default. */
  deviceId: number | null;
}

/**
 * The microphone through PortAudio (naudiodon's N-API binding). Asks for 16 kHz mono, which the OS
 * mixer provides on every platform; a device that refuses is opened at its own rate and resampled.
 * Reads run on libuv's thread pool, so the main thread never waits for audio.
 */
export class MicrophoneSource implements AudioSource {
  private io: PaAudioIO | null = null;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private device: MicrophoneDevice | null = null;

  constructor(private readonly options: MicrophoneOptions) {}

  get label(): string {
    return this.device ? `microphone "${this.device.name}"` : 'the microphone';
  }

  async start(handlers: AudioSourceHandlers): Promise<void> {
    const devices = listMicrophones();
    if (devices.length === 0) throw noMicrophoneError();
    const device =
      this.options.deviceId === null
        ? devices.find((d) => d.isDefault)
        : devices.find((d) => d.id === this.options.deviceId);
    if (!device) {
      throw new AppError('device_unavailable', `Microphone #${this.options.deviceId} is not connected.`, {
        hint: {
          window: 'Choose another microphone in Settings, or "System default".',
          cli: '"dictation devices" lists the microphones; leave --device out for the system default.',
        },
      });
    }
    this.device = device;
    const { io, rate } = this.open(device);
    const resampler = await createResampler(rate, SAMPLE_RATE);
    this.io = io;
    io.start();
    this.loop = this.readLoop(io, resampler, handlers).finally(() => resampler.close());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const io = this.io;
    this.io = null;
    if (io) await io.quit('ABORT').catch(() => undefined);
    await this.loop;
  }

  private open(device: MicrophoneDevice): { io: PaAudioIO; rate: number } {
    const binding = loadNaudiodon();
    const attempt = (rate: number) =>
      binding.create({
        inOptions: {
          deviceId: device.id,
          sampleRate: rate,
          channelCount: 1,
          sampleFormat: 16,
          framesPerBuffer: FRAMES_PER_BUFFER,
          maxQueue: 64,
          closeOnError: false,
        },
      });
    try {
      return { io: attempt(SAMPLE_RATE), rate: SAMPLE_RATE };
    } catch (first) {
      try {
        return { io: attempt(device.defaultSampleRate), rate: device.defaultSampleRate };
      } catch {
        throw openError(device, first);
      }
    }
  }

  private async readLoop(io: PaAudioIO, resampler: Resampler, handlers: AudioSourceHandlers): Promise<void> {
    let stallTimer: NodeJS.Timeout | undefined;
    const armStall = (ms = STALL_MS) => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        if (this.stopped) return;
        this.stopped = true;
        handlers.onError?.(deviceLost(this.label, 'no audio arrived'));
        void io.quit('ABORT').catch(() => undefined);
      }, ms);
    };
    armStall(FIRST_BLOCK_MS);
    try {
      while (!this.stopped) {
        const result = await io.read(FRAMES_PER_BUFFER * 2);
        if (this.stopped) break;
        if (result.err) {
          this.stopped = true;
          handlers.onError?.(deviceLost(this.label, result.err));
          break;
        }
        if (result.finished) break;
        if (!result.buf || result.buf.length === 0) continue;
        armStall();
        const out = resampler.push(int16ToFloat(result.buf));
        if (out.length > 0) handlers.onBlock(out);
      }
    } catch (error) {
      if (!this.stopped) handlers.onError?.(deviceLost(this.label, (error as Error).message));
    } finally {
      clearTimeout(stallTimer);
    }
  }
}

function int16ToFloat(buf: Buffer): Float32Array {
  const count = buf.length >> 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buf.readInt16LE(i * 2) / 32768;
  return out;
}

function deviceLost(label: string, why: string): AppError {
  return new AppError('device_lost', `Lost ${label} while recording (${why}).`, {
    hint: {
      window:
        'What was recorded until then is kept. Reconnect the microphone or choose another one in Settings.',
      cli: 'Reconnect the microphone, or choose another one ("dictation devices", then listen --device <id>).',
    },
  });
}

function openError(device: MicrophoneDevice, error: unknown): AppError {
  const message = (error as Error).message || String(error);
  if (/permission|denied|not authori[sz]ed|-9986|-9999/i.test(message)) {
    return new AppError('permission_denied', `The app may not use the microphone "${device.name}".`, {
      hint:
        'Allow microphone access for Dictation: macOS System Settings > Privacy & Security > Microphone; ' +
        'Windows Settings > Privacy > Microphone.',
      detail: message,
    });
  }
  return new AppError('device_unavailable', `Cannot open the microphone "${device.name}": ${message}`, {
    hint: {
      window: 'It may be in use by another app or unplugged; choose another microphone in Settings.',
      cli: 'It may be in use by another app or unplugged; "dictation devices" lists the others (listen --device <id>).',
    },
    detail: message,
  });
}

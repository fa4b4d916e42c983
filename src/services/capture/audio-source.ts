import type { AppError } from '../../shared/errors.js';

/** 16 kHz mono float blocks from somewhere: the microphone, or a file played at its own pace. */
export interface AudioSource {
  readonly label: string;
  /** Starts delivering blocks; resolves once the first block can flow (the device is open). */
  start(handlers: AudioSourceHandlers): Promise<void>;
  /** Stops delivery; blocks already delivered stay delivered. */
  stop(): Promise<void>;
}

export interface AudioSourceHandlers {
  onBlock(samples: Float32Array): void;
  /** The source ended by itself (end of file); not called after stop(). */
  onEnd?(): void;
  /** The device failed or disappeared; what was delivered before is kept by the caller. */
  onError?(error: AppError): void;
}

/** RMS and peak of a block, 0..1, for the level meter. */
export function levelOf(samples: Float32Array): { rms: number; peak: number } {
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  return { rms: samples.length ? Math.sqrt(sum / samples.length) : 0, peak };
}

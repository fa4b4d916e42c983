/** The one sample rate of all audio inside the app: 16 kHz mono, as Whisper, Parakeet and Silero take it. */
export const SAMPLE_RATE = 16_000;

/** Milliseconds of audio in `samples` samples at SAMPLE_RATE. */
export function samplesToMs(samples: number): number {
  return (samples / SAMPLE_RATE) * 1000;
}

/** Samples of audio in `ms` milliseconds at SAMPLE_RATE (rounded). */
export function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

import type { AudioSource, AudioSourceHandlers } from '../../src/services/capture/audio-source.js';

/**
 * Test stand-in for the microphone where the test decides which samples arrive and when; everything
 * after it (engine, VAD, Whisper, controller) is real. The real microphone path (PortAudio through
 * PulseAudio) has its own test.
 */
export class PushSource implements AudioSource {
  readonly label = 'test source';
  private handlers: AudioSourceHandlers | null = null;

  start(handlers: AudioSourceHandlers): Promise<void> {
    this.handlers = handlers;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.handlers = null;
    return Promise.resolve();
  }

  get running(): boolean {
    return this.handlers !== null;
  }

  /** Delivers samples in 32 ms blocks, as a microphone would (without waiting in real time). */
  push(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i += 512) this.handlers?.onBlock(samples.slice(i, i + 512));
  }

  fail(error: Parameters<NonNullable<AudioSourceHandlers['onError']>>[0]): void {
    this.handlers?.onError?.(error);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { openAudio } from '../../audio/open-audio.js';

import { AppError, serializeError } from '../../shared/errors.js';
import type { AudioSource, AudioSourceHandlers } from './audio-source.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

const BLOCK_SAMPLES = 512;
/** With `fast`, the consumer is waited for after every this many blocks (about 5 s of audio). */
const FAST_SETTLE_BLOCKS = 160;

/**
 * Plays an audio file into the pipeline as if it were a microphone: 32 ms blocks at real-time pace
 * (or as fast as the pipeline takes them with `fast`). Used by `dictation listen --file` and tests.
 *
 * With `fast`, `settle` (a round trip to the consumer, e.g. the engine's status request) is awaited
 * every few seconds of audio: without it the whole file is read ahead into the send queue (an 8-hour
 * file would be gigabytes in this process) while the engine works through it.
 */
export class FileSource implements AudioSource {
  private stopped = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: { fast?: boolean; settle?: () => Promise<unknown> } = {},
  ) {}

  get label(): string {
    return this.file;
  }

  async start(handlers: AudioSourceHandlers): Promise<void> {
    const audio = await openAudio(this.file);
    this.done = this.pump(audio.chunks, handlers).finally(() => audio.close());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async pump(chunks: AsyncIterable<Float32Array>, handlers: AudioSourceHandlers): Promise<void> {
    const started = performance.now();
    let sent = 0;
    let pending = new Float32Array(0);
    try {
      for await (const chunk of chunks) {
        const joined = new Float32Array(pending.length + chunk.length);
        joined.set(pending);
        joined.set(chunk, pending.length);
        let offset = 0;
        for (; offset + BLOCK_SAMPLES <= joined.length; offset += BLOCK_SAMPLES) {
          if (this.stopped) return;
          handlers.onBlock(joined.slice(offset, offset + BLOCK_SAMPLES));
          sent += BLOCK_SAMPLES;
          await this.pace(started, sent);
        }
        pending = joined.slice(offset);
      }
      if (pending.length > 0 && !this.stopped) handlers.onBlock(pending);
      if (!this.stopped) handlers.onEnd?.();
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('io', serializeError(error).message);
      handlers.onError?.(appError);
    }
  }

  private async pace(started: number, sent: number): Promise<void> {
    if (this.options.fast) {
      if (this.options.settle && sent % (BLOCK_SAMPLES * FAST_SETTLE_BLOCKS) === 0)
        await this.options.settle();
      // Let the event loop breathe so messages interleave with the engine's replies.
      else if (sent % (BLOCK_SAMPLES * 64) === 0) await sleep(0);
      return;
    }
    const due = started + (sent / SAMPLE_RATE) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

import { GrowingBuffer } from '../../audio/growing-buffer.js';
import { RingBuffer } from '../../audio/ring-buffer.js';
import type { DictationEvent } from '../../shared/dictation.js';
import type { AudioSource } from '../capture/audio-source.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

/**
 * A copy of the audio of the dictation in flight, taken from the microphone blocks on their way to the
 * controller: when the app must quit before that utterance is transcribed, its audio is saved instead
 * of lost. Holds the pre-roll too, as the controller does.
 */
export class UtteranceTap {
  private readonly ring: RingBuffer;
  private current: { sessionId: string; audio: GrowingBuffer; capturing: boolean } | null = null;

  constructor(preRollMs: number) {
    this.ring = new RingBuffer(Math.max(1, Math.round((preRollMs * SAMPLE_RATE) / 1000)));
  }

  /** The same source, with every block also seen by the tap. */
  wrap(source: AudioSource): AudioSource {
    return {
      get label() {
        return source.label;
      },
      start: (handlers) =>
        source.start({
          ...handlers,
          onBlock: (samples) => {
            this.onBlock(samples);
            handlers.onBlock(samples);
          },
        }),
      stop: () => source.stop(),
    };
  }

  onDictationEvent(event: DictationEvent): void {
    if (event.type !== 'state') return;
    const { phase, sessionId } = event.status;
    if (phase === 'recording' && sessionId && this.current?.sessionId !== sessionId) {
      const audio = new GrowingBuffer();
      audio.append(this.ring.latest());
      this.current = { sessionId, audio, capturing: true };
    } else if (phase === 'transcribing' && this.current) {
      this.current.capturing = false;
    } else if (phase === 'idle' || phase === 'error') {
      this.current = null;
    }
  }

  /** The audio of the dictation not yet finished, or null. */
  pending(): { sessionId: string; samples: Float32Array } | null {
    return this.current ? { sessionId: this.current.sessionId, samples: this.current.audio.slice() } : null;
  }

  private onBlock(samples: Float32Array): void {
    this.ring.push(samples);
    if (this.current?.capturing) this.current.audio.append(samples);
  }
}

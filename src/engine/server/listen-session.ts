import type {
  EngineReply,
  ListenConfig,
  UtteranceEndReason,
  UtteranceRecognition,
} from '../../shared/engine-protocol.js';
import { AppError } from '../../shared/errors.js';
import { Listener, type ListenerTranscriber } from '../listen/listener.js';
import { WakeWordDetector } from '../wake/wake-word-detector.js';
import { loadVadModel } from '../vad/load-vad-model.js';
import type { NativeVadModel } from '../whisper/native-addon.js';

type Emit = (event: EngineReply) => void;
type Warn = (message: string, data?: Record<string, unknown>) => void;

/**
 * Live listening: the armed listener, its VAD model (kept across re-arming while the path is the
 * same) and the wake-word detector. Audio that arrives before arming is dropped, and said once.
 */
export class ListenSession {
  private listener: Listener | null = null;
  private wake: WakeWordDetector | null = null;
  private vad: { path: string; model: NativeVadModel } | null = null;
  private audioWithoutListenerLogged = false;

  constructor(
    private readonly emit: Emit,
    private readonly warn: Warn,
  ) {}

  async start(config: ListenConfig, transcriber: ListenerTranscriber): Promise<void> {
    const vadModel = await this.vadModel(config.vadModelPath);
    const wake = config.wake ? WakeWordDetector.load(config.wake) : null;
    this.wake?.dispose();
    this.wake = wake;
    this.listener = new Listener(
      config,
      vadModel,
      (event) => this.emit({ ...event, timestamp: Date.now() } as EngineReply),
      transcriber,
      (message, data) => this.warn(message, data),
      wake,
    );
  }

  stop(): void {
    this.listener = null;
    this.wake?.dispose();
    this.wake = null;
  }

  push(samples: Float32Array): void {
    if (this.listener) {
      this.listener.push(samples);
    } else if (!this.audioWithoutListenerLogged) {
      this.audioWithoutListenerLogged = true;
      this.warn('audio arrived before listen_start; it is dropped until the listener is armed');
    }
  }

  /** The input is over: resolves once any open utterance has its result. */
  finish(): Promise<void> {
    return this.listener?.finish() ?? Promise.resolve();
  }

  /** `priorText`: what a crashed engine already committed for this dictation (the replay continues it). */
  begin(sessionId: string, withPreRoll: boolean, endsOnSilence: boolean, priorText: string): void {
    this.armed().begin(sessionId, withPreRoll, endsOnSilence, priorText);
  }

  /** The open utterance's own language and prompt (the focused app's profile). */
  recognize(sessionId: string, recognition: UtteranceRecognition): void {
    this.armed().recognize(sessionId, recognition);
  }

  /** Ends the utterance; the promise settles when its result has been sent. */
  end(sessionId: string, reason: UtteranceEndReason): Promise<void> {
    return this.armed().end(sessionId, reason);
  }

  free(): void {
    this.stop();
    this.vad?.model.free();
    this.vad = null;
  }

  private armed(): Listener {
    if (!this.listener) {
      throw new AppError('invalid_request', 'The listener is not armed.', {
        hint: 'Send listen_start first.',
      });
    }
    return this.listener;
  }

  private async vadModel(path: string): Promise<NativeVadModel> {
    if (this.vad?.path === path) return this.vad.model;
    this.vad?.model.free();
    this.vad = null;
    const model = await loadVadModel(path);
    this.vad = { path, model };
    return model;
  }
}

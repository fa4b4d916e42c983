import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { RingBuffer } from '../../audio/ring-buffer.js';
import type { DeliveryResult } from '../../shared/delivery.js';
import {
  IDLE_STATUS,
  type DictationEvent,
  type DictationStatus,
  type DictationTrigger,
} from '../../shared/dictation.js';
import { AppError, serializeError } from '../../shared/errors.js';
import type { Transcript } from '../../shared/transcript.js';
import { levelOf, type AudioSource } from '../capture/audio-source.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import { SAMPLE_RATE } from '../../shared/audio.js';
import { deliverDictation, type CompletedDictation, type DeliveringDictation } from './deliver-dictation.js';
import { replayInto } from './crash-replay.js';
import { finalResult, newSession, wakeWordSession, type Session } from './dictation-session.js';
import { onCommit, onPartial } from './live-text.js';
import { sendRecognition, type RecognitionLookup } from './utterance-recognition.js';

const LEVEL_EVERY_MS = 66;
/** The engine decides about a wake phrase a moment after it ends; main keeps this much to match. */
const WAKE_LOOKBACK_MS = 3000;

export type { CompletedDictation, DeliveringDictation } from './deliver-dictation.js';

export interface DictationControllerOptions {
  engine: EngineHost;
  /** A fresh microphone (or test) source; called when arming or when a recording starts unarmed. */
  createSource: () => AudioSource;
  /**
   * Puts the text into the focused app (clipboard + paste, typing, or copy), after the text rules;
   * the result's `text` is what was delivered when the rules changed it.
   */
  deliver: (text: string, dictation: DeliveringDictation) => Promise<DeliveryResult>;
  /** The dictation's own recognition (the focused app's profile); absent: the settings' for all. */
  recognitionFor?: RecognitionLookup;
  /** Saves a finished dictation (history). */
  onCompleted?: (dictation: CompletedDictation) => void;
  logger: Logger;
  /** Keep the microphone open between dictations so the pre-roll holds the moments before a key press. */
  preRollArmed: boolean;
  preRollMs: number;
}

/**
 * One dictation at a time, from key press to delivered text. Audio flows source -> engine (which
 * does VAD and Whisper); main keeps a copy of the utterance so an engine crash loses nothing.
 */
export class DictationController {
  private statusValue: DictationStatus = IDLE_STATUS;
  private source: AudioSource | null = null;
  private armed = false;
  private readonly ring: RingBuffer;
  private readonly preRollSamples: number;
  private session: Session | null = null;
  private readonly listeners = new Set<(event: DictationEvent) => void>();
  private lastLevelAt = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: DictationControllerOptions) {
    this.preRollSamples = Math.round((options.preRollMs * SAMPLE_RATE) / 1000);
    this.ring = new RingBuffer(this.preRollSamples + Math.round((WAKE_LOOKBACK_MS * SAMPLE_RATE) / 1000));
    this.unsubscribe.push(
      options.engine.onListenerEvent((event) => this.onEngineEvent(event)),
      options.engine.onRestarted(() => this.settle(this.replayAfterCrash(), 'replay')),
    );
  }

  status(): DictationStatus {
    return this.statusValue;
  }

  subscribe(listener: (event: DictationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the microphone and keeps it running (pre-roll armed). */
  async arm(): Promise<void> {
    this.armed = true;
    await this.ensureSource();
  }

  async disarm(): Promise<void> {
    this.armed = false;
    if (!this.session) await this.closeSource();
  }

  /** A key press (or the UI, or the wake word): starts recording. */
  async start(trigger: DictationTrigger = 'hotkey'): Promise<string> {
    if (this.session) {
      throw new AppError('busy', 'A dictation is already in progress.', {
        hint: 'Release the key (or press the toggle again) to finish it first.',
      });
    }
    const id = randomUUID();
    const session = newSession(id, id, trigger, Date.now());
    session.audio.append(this.ring.latest(this.preRollSamples));
    this.session = session;
    try {
      await this.ensureSource();
      await this.options.engine.requireClient().beginUtterance(session.engineId);
    } catch (error) {
      this.session = null;
      this.fail(error);
      throw error;
    }
    sendRecognition(this.options, session, () => this.session === session);
    this.setStatus({
      phase: 'recording',
      sessionId: session.id,
      recordingSince: session.startedAt,
      error: null,
    });
    this.options.logger.info({ sessionId: session.id, trigger }, 'capture start');
    return session.id;
  }

  /** Key release: the utterance ends and is transcribed, then delivered. */
  async stop(): Promise<void> {
    const session = this.session;
    if (!session || session.releasedAt !== null) return;
    this.markReleased(session);
    // A replay in progress sends the end itself, after the audio.
    if (session.replaying) return;
    await session.recognitionSent;
    try {
      await this.options.engine.requireClient().endUtterance(session.engineId);
    } catch (error) {
      // The engine is restarting: the replay after restart transcribes this utterance.
      this.options.logger.warn(
        { sessionId: session.id, error: serializeError(error) },
        'stop during engine restart',
      );
    }
  }

  /** Esc: the recording is discarded; nothing is transcribed or pasted. */
  async cancel(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.options.logger.info({ sessionId: session.id }, 'dictation cancelled');
    this.setStatus(IDLE_STATUS);
    if (!this.armed) await this.closeSource();
    await this.options.engine
      .requireClient()
      .endUtterance(session.engineId, true)
      .catch(() => undefined);
  }

  async dispose(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.armed = false;
    await this.closeSource();
  }

  private markReleased(session: Session): void {
    session.releasedAt = Date.now();
    this.setStatus({ phase: 'transcribing', sessionId: session.id, recordingSince: null, error: null });
    this.options.logger.info({ sessionId: session.id }, 'capture stop');
    if (!this.armed) this.settle(this.closeSource(), 'close_microphone');
  }

  private async ensureSource(): Promise<void> {
    if (this.source) return;
    const source = this.options.createSource();
    this.source = source;
    try {
      await source.start({
        onBlock: (samples) => this.onAudio(samples),
        onError: (error) => this.onSourceError(error),
      });
    } catch (error) {
      this.source = null;
      throw error;
    }
  }

  private async closeSource(): Promise<void> {
    const source = this.source;
    this.source = null;
    await source?.stop();
  }

  private onAudio(samples: Float32Array): void {
    this.ring.push(samples);
    const session = this.session;
    if (session && session.releasedAt === null) session.audio.append(samples);
    if (!session?.replaying) this.options.engine.sendAudio(samples);
    const now = Date.now();
    if (now - this.lastLevelAt >= LEVEL_EVERY_MS) {
      this.lastLevelAt = now;
      this.emit({ type: 'level', timestamp: now, ...levelOf(samples) });
    }
  }

  private onSourceError(error: AppError): void {
    this.source = null;
    this.options.logger.error({ error: serializeError(error) }, 'microphone error');
    const session = this.session;
    // What was captured is kept: a recording in progress ends here and is transcribed.
    if (session && session.releasedAt === null) this.settle(this.stop(), 'stop');
    this.fail(error);
  }

  private onEngineEvent(event: ListenerEvent): void {
    if (event.type === 'wake_word') {
      this.onWakeWord(event);
      return;
    }
    const session = this.session;
    if (!session || event.sessionId !== session.engineId) return;
    const timestamp = Date.now();
    switch (event.type) {
      case 'speech_start':
        session.speechHeard = true;
        this.emit({ type: 'speech_start', timestamp, sessionId: session.id, atMs: event.atMs });
        return;
      case 'speech_end':
        this.emit({ type: 'speech_end', timestamp, sessionId: session.id, atMs: event.atMs });
        return;
      case 'utterance_closed':
        session.engineFromMs = event.fromMs;
        this.options.logger.info(
          { sessionId: session.id, reason: event.reason, speechMs: Math.round(event.speechMs) },
          'utterance closed',
        );
        if (event.reason !== 'stop' && event.reason !== 'cancel' && session.releasedAt === null) {
          this.markReleased(session);
        }
        return;
      case 'commit':
        for (const live of onCommit(session, event, timestamp)) this.emit(live);
        return;
      case 'partial':
        this.emit(onPartial(session, event, timestamp));
        return;
      case 'no_speech':
        // Audio replayed after a crash may hold no more speech: what was committed is the text.
        if (session.carried.length > 0) this.settle(this.completeFromPieces(session, null), 'complete');
        else this.finishWithoutText(session, 'No speech was heard, so nothing was typed.');
        return;
      case 'utterance_error':
        this.session = null;
        this.fail(event.error);
        return;
      case 'utterance_result':
        this.options.logger.info(
          {
            sessionId: session.id,
            commits: event.commits,
            tailInferenceMs: Math.round(event.tailInferenceMs),
            carried: session.carried.length,
          },
          'utterance transcribed',
        );
        this.settle(this.completeFromPieces(session, event), 'complete');
        return;
    }
  }

  private completeFromPieces(
    session: Session,
    event: Extract<ListenerEvent, { type: 'utterance_result' }> | null,
  ): Promise<void> {
    const result = finalResult(session, event);
    if (!result) {
      this.finishWithoutText(session, 'No speech was heard, so nothing was typed.');
      return Promise.resolve();
    }
    return this.complete(session, result.text, result.transcript, result.offsetMs);
  }

  /**
   * The engine heard the wake phrase and opened an utterance that begins after it and ends on silence:
   * it becomes a dictation like a key press would start, delivered to the focused app.
   */
  private onWakeWord(event: Extract<ListenerEvent, { type: 'wake_word' }>): void {
    if (this.session) {
      // The engine opened it before it learned of ours: one dictation at a time.
      this.options.logger.info(
        { wakeSession: event.sessionId },
        'wake phrase ignored: a dictation is running',
      );
      void this.options.engine
        .requireClient()
        .endUtterance(event.sessionId, true)
        .catch(() => undefined);
      return;
    }
    const session = wakeWordSession(event, this.ring);
    this.session = session;
    sendRecognition(this.options, session, () => this.session === session);
    this.emit({
      type: 'wake_word',
      timestamp: Date.now(),
      sessionId: session.id,
      phrase: event.phrase,
      confidence: event.confidence,
    });
    this.setStatus({
      phase: 'recording',
      sessionId: session.id,
      recordingSince: session.startedAt,
      error: null,
    });
    this.options.logger.info(
      { sessionId: session.id, trigger: 'wake_word', phrase: event.phrase, confidence: event.confidence },
      'capture start',
    );
  }

  private finishWithoutText(session: Session, message: string): void {
    this.session = null;
    this.emit({ type: 'no_speech', timestamp: Date.now(), sessionId: session.id });
    this.options.logger.info({ sessionId: session.id }, message);
    this.setStatus(IDLE_STATUS);
  }

  private async complete(
    session: Session,
    text: string,
    transcript: Transcript,
    transcriptOffsetMs: number,
  ): Promise<void> {
    const transcribedAt = Date.now();
    this.emit({ type: 'transcript', timestamp: transcribedAt, sessionId: session.id, text, isFinal: true });
    if (text.trim().length === 0) {
      this.finishWithoutText(session, 'Speech was heard but no words were recognised; nothing was typed.');
      return;
    }
    const { event, completed } = await deliverDictation(this.options, session, {
      text,
      transcript,
      transcriptOffsetMs,
      transcribedAt,
    });
    this.session = null;
    this.emit(event);
    this.options.onCompleted?.(completed);
    this.setStatus(IDLE_STATUS);
  }

  /** The engine crashed and came back: the utterance in flight is sent again from main's copy. */
  private async replayAfterCrash(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.replays += 1;
    if (session.replays > 2) {
      this.session = null;
      this.fail(new AppError('engine_crashed', 'The speech engine crashed twice on this recording.'));
      return;
    }
    session.replaying = true;
    try {
      await replayInto(this.options.engine.requireClient(), session, this.options.logger);
    } catch (error) {
      session.replaying = false;
      this.session = null;
      this.fail(error);
    }
  }

  /** Work started from an event handler: a rejection is logged and shown (the error state), never unhandled. */
  private settle(work: Promise<unknown>, step: string): void {
    work.catch((error: unknown) => {
      this.options.logger.error({ event: 'dictation_step_failed', step, error: serializeError(error) }, step);
      this.fail(error);
    });
  }

  private fail(error: unknown): void {
    const serialized = serializeError(error);
    this.options.logger.error({ error: serialized }, 'dictation failed');
    this.setStatus({ phase: 'error', sessionId: null, recordingSince: null, error: serialized });
  }

  private setStatus(status: DictationStatus): void {
    this.statusValue = status;
    this.emit({ type: 'state', timestamp: Date.now(), status });
  }

  private emit(event: DictationEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error({ error: serializeError(error) }, 'a dictation listener threw');
      }
    }
  }
}

import type { DictationEvent, DictationPhase } from '../../shared/dictation.js';
import { serializeError } from '../../shared/errors.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import type { SessionLog } from './session-log.js';

/**
 * Turns the dictation pipeline's events into session log lines: capture start/stop from the state
 * changes, VAD endpoints, the length of partial and final text (not the words), the delivery result,
 * and errors.
 */
export class SessionEventRecorder {
  private phase: DictationPhase = 'idle';
  private recording: { sessionId: string; since: number } | null = null;

  constructor(private readonly log: SessionLog) {}

  onDictationEvent(event: DictationEvent): void {
    switch (event.type) {
      case 'state':
        this.onState(event);
        return;
      case 'speech_start':
        this.log.write({
          type: 'vad_speech_start',
          timestamp: event.timestamp,
          sessionId: event.sessionId,
          atMs: event.atMs,
        });
        return;
      case 'speech_end':
        this.log.write({
          type: 'vad_speech_end',
          timestamp: event.timestamp,
          sessionId: event.sessionId,
          atMs: event.atMs,
        });
        return;
      case 'transcript':
        this.log.write({
          type: 'transcript',
          timestamp: event.timestamp,
          sessionId: event.sessionId,
          // Lengths only: the words stay out of the logs.
          chars: event.text.length,
          words: event.text.match(/\S+/g)?.length ?? 0,
          isFinal: event.isFinal,
        });
        return;
      case 'no_speech':
        this.log.write({ type: 'no_speech', timestamp: event.timestamp, sessionId: event.sessionId });
        return;
      case 'commit':
        this.log.write({
          type: 'commit',
          timestamp: event.timestamp,
          sessionId: event.sessionId,
          fromMs: Math.max(0, Math.round(event.fromMs)),
          toMs: Math.max(0, Math.round(event.toMs)),
          inferenceMs: Math.round(event.inferenceMs),
          textLength: event.text.length,
        });
        return;
      case 'level':
      case 'delivered':
      case 'wake_word':
        // Levels are too many to log; the delivery line is written from the completed dictation.
        return;
    }
  }

  onCompleted(dictation: CompletedDictation): void {
    const delivery = dictation.delivery;
    this.log.write({
      type: 'delivery',
      sessionId: dictation.sessionId,
      method: delivery?.method ?? 'none',
      ok: delivery?.ok ?? false,
      backend: delivery?.backend ?? null,
      clipboard: delivery?.clipboard ?? null,
      fallback: delivery?.fallback?.code ?? null,
      notice: delivery?.notice ?? null,
      releaseToTextMs: Math.max(0, dictation.timings.releaseToTextMs),
    });
  }

  onEngineState(state: string): void {
    this.log.write({ type: 'engine_state', state });
  }

  error(where: string, error: unknown, sessionId: string | null = null): void {
    this.log.write({ type: 'error', where, sessionId, error: serializeError(error) });
  }

  private onState(event: Extract<DictationEvent, { type: 'state' }>): void {
    const { status } = event;
    const previous = this.phase;
    this.phase = status.phase;
    if (status.phase === 'recording' && previous !== 'recording' && status.sessionId) {
      this.recording = { sessionId: status.sessionId, since: status.recordingSince ?? event.timestamp };
      this.log.write({ type: 'capture_start', timestamp: event.timestamp, sessionId: status.sessionId });
    } else if (status.phase !== 'recording' && this.recording) {
      const { sessionId, since } = this.recording;
      this.recording = null;
      this.log.write({
        type: 'capture_stop',
        timestamp: event.timestamp,
        sessionId,
        recordedMs: Math.max(0, event.timestamp - since),
        // Straight back to idle from recording: the recording was thrown away.
        cancelled: status.phase === 'idle',
      });
    }
    if (status.phase === 'error' && status.error) {
      this.log.write({
        type: 'error',
        timestamp: event.timestamp,
        where: 'dictation',
        sessionId: status.sessionId,
        error: status.error,
      });
    }
  }
}

import type { ListenerEvent } from '../../engine/client/engine-client.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { samplesToMs } from '../../shared/audio.js';
import { committedText, recordCommit, type Session } from './dictation-session.js';

/**
 * A piece finished while the user still speaks: it is kept in the session (it survives an engine
 * crash), announced, and, until the release, shown as the committed text the live tail follows.
 */
export function onCommit(
  session: Session,
  event: Extract<ListenerEvent, { type: 'commit' }>,
  now = Date.now(),
): DictationEvent[] {
  const piece = recordCommit(session, event);
  const events: DictationEvent[] = [
    {
      type: 'commit',
      timestamp: now,
      sessionId: session.id,
      fromMs: samplesToMs(piece.from),
      toMs: samplesToMs(piece.to),
      text: piece.text,
      inferenceMs: piece.inferenceMs,
    },
  ];
  if (session.releasedAt === null) {
    const text = committedText(session);
    events.push({
      type: 'transcript',
      timestamp: now,
      sessionId: session.id,
      text,
      isFinal: false,
      committedText: text,
    });
  }
  return events;
}

/** Live text: the committed text and the tail decoded now (after a crash the engine knows the carried text). */
export function onPartial(
  session: Session,
  event: Extract<ListenerEvent, { type: 'partial' }>,
  now = Date.now(),
): DictationEvent {
  return {
    type: 'transcript',
    timestamp: now,
    sessionId: session.id,
    text: event.text,
    isFinal: false,
    committedText: event.committedText ?? committedText(session),
  };
}

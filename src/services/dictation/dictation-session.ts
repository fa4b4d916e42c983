import type { ListenerEvent } from '../../engine/client/engine-client.js';
import type { UtteranceRecognition } from '../../shared/engine-protocol.js';
import { GrowingBuffer } from '../../audio/growing-buffer.js';
import type { DictationTrigger } from '../../shared/dictation.js';
import { joinPieces } from '../../shared/text-shaping/join-pieces.js';
import type { Segment, Transcript } from '../../shared/transcript.js';
import { randomUUID } from 'node:crypto';
import type { RingBuffer } from '../../audio/ring-buffer.js';
import { msToSamples, SAMPLE_RATE, samplesToMs } from '../../shared/audio.js';

type CommitEvent = Extract<ListenerEvent, { type: 'commit' }>;
type ResultEvent = Extract<ListenerEvent, { type: 'utterance_result' }>;

/** A piece of the dictation the engine committed while it went on; positions are samples of `audio`. */
export interface CommittedPiece {
  from: number;
  to: number;
  text: string;
  /** Segment times count from the start of the session's audio. */
  segments: Segment[];
  inferenceMs: number;
}

export interface Session {
  id: string;
  /** The engine's name for the utterance: the same id, or the engine's own for a wake-word session. */
  engineId: string;
  trigger: DictationTrigger;
  startedAt: number;
  releasedAt: number | null;
  /** Main's own copy of the audio (pre-roll included), replayed into the engine if it crashes. */
  audio: GrowingBuffer;
  speechHeard: boolean;
  replays: number;
  /** While main re-sends the utterance to a restarted engine, live audio waits in `audio`. */
  replaying: boolean;
  /** Engine-side start of the kept audio (from utterance_closed), to place the trimmed part in `audio`. */
  engineFromMs: number | null;
  /** Where in `audio` the current engine's utterance begins: 0, or the end of the last kept commit. */
  engineBase: number;
  /** Pieces the running engine committed. */
  commits: CommittedPiece[];
  /** Pieces committed by engines that crashed: kept, never transcribed again. */
  carried: CommittedPiece[];
  /** Its own recognition (the focused app's profile), null for the settings'; see utterance-recognition.ts. */
  recognition: Promise<UtteranceRecognition | null>;
  /** Settles once that recognition has reached the engine (or was not needed). */
  recognitionSent: Promise<void>;
}

export function newSession(
  id: string,
  engineId: string,
  trigger: DictationTrigger,
  startedAt: number,
): Session {
  return {
    id,
    engineId,
    trigger,
    startedAt,
    releasedAt: null,
    audio: new GrowingBuffer(),
    speechHeard: false,
    replays: 0,
    replaying: false,
    engineFromMs: null,
    engineBase: 0,
    commits: [],
    carried: [],
    recognition: Promise.resolve(null),
    recognitionSent: Promise.resolve(),
  };
}

/** The dictation a wake phrase started: main's copy matches the engine's utterance (audio since the phrase). */
export function wakeWordSession(
  event: Extract<ListenerEvent, { type: 'wake_word' }>,
  ring: RingBuffer,
): Session {
  const buffered = Math.min(ring.length, Math.round((event.bufferedMs * SAMPLE_RATE) / 1000));
  const session = newSession(randomUUID(), event.sessionId, 'wake_word', Date.now() - event.bufferedMs);
  session.audio.append(ring.latest(buffered));
  return session;
}

/** Notes a commit of the running engine, placed in main's copy of the audio. */
export function recordCommit(session: Session, event: CommitEvent): CommittedPiece {
  const place = (ms: number) => session.engineBase + msToSamples(ms - event.utteranceFromMs);
  const from = place(event.fromMs);
  const shiftMs = samplesToMs(from);
  const piece: CommittedPiece = {
    from,
    to: place(event.toMs),
    text: event.text,
    segments: event.transcript.segments.map((s) => shiftSegment(s, shiftMs)),
    inferenceMs: event.inferenceMs,
  };
  session.commits.push(piece);
  return piece;
}

/** All the text committed so far, across engine restarts. */
export function committedText(session: Session): string {
  return joinPieces([...session.carried, ...session.commits].map((piece) => piece.text));
}

/**
 * The engine crashed: its commits are kept and the replay starts after the last of them. Returns the
 * text the new engine continues (its prompt) and where in `audio` the replay begins.
 */
export function carryOver(session: Session): { priorText: string; replayFrom: number } {
  session.carried.push(...session.commits);
  session.commits = [];
  session.engineBase = session.carried.at(-1)?.to ?? session.engineBase;
  return { priorText: committedText(session), replayFrom: session.engineBase };
}

/**
 * The final text and transcript: the engine's result as it is, or, after a crash, the carried pieces
 * followed by what the new engine transcribed (times then count from the start of `audio`).
 */
export function finalResult(
  session: Session,
  result: Pick<ResultEvent, 'text' | 'transcript' | 'fromMs'> | null,
): { text: string; transcript: Transcript; offsetMs: number } | null {
  if (session.carried.length === 0) {
    if (!result) return null;
    const offsetMs = Math.max(0, result.fromMs - (session.engineFromMs ?? result.fromMs));
    return { text: result.text, transcript: result.transcript, offsetMs };
  }
  const segments = session.carried.flatMap((piece) => piece.segments);
  const texts = session.carried.map((piece) => piece.text);
  let transcript: Transcript = {
    segments,
    language: '',
    audioMs: samplesToMs(session.audio.length),
    timings: { decodeMs: 0, inferenceMs: session.carried.reduce((sum, piece) => sum + piece.inferenceMs, 0) },
  };
  if (result) {
    const shiftMs =
      samplesToMs(session.engineBase) + (result.fromMs - (session.engineFromMs ?? result.fromMs));
    texts.push(result.text);
    transcript = {
      ...result.transcript,
      segments: [...segments, ...result.transcript.segments.map((s) => shiftSegment(s, shiftMs))],
      audioMs: transcript.audioMs,
      timings: {
        decodeMs: result.transcript.timings.decodeMs,
        inferenceMs: transcript.timings.inferenceMs + result.transcript.timings.inferenceMs,
      },
    };
  }
  return { text: joinPieces(texts), transcript, offsetMs: 0 };
}

function shiftSegment(segment: Segment, byMs: number): Segment {
  const moved = (t: number) => Math.max(0, Math.round(t + byMs));
  const shifted: Segment = { ...segment, startMs: moved(segment.startMs), endMs: moved(segment.endMs) };
  if (segment.tokens) {
    shifted.tokens = segment.tokens.map((t) => ({ ...t, startMs: moved(t.startMs), endMs: moved(t.endMs) }));
  }
  return shifted;
}

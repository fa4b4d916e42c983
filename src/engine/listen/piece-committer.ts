import type { EngineReply } from '../../shared/engine-protocol.js';
import { AppError, serializeError } from '../../shared/errors.js';
import { piecePrompt } from '../../shared/piece-prompt.js';
import { joinPieces, type JoinOptions } from '../../shared/text-shaping/join-pieces.js';
import { transcriptText, type Segment, type Transcript } from '../../shared/transcript.js';
import { SAMPLE_RATE } from '../../shared/audio.js';
import { quietestCut } from '../speech/quiet-cut.js';
import type { Piece, Utterance } from './utterance.js';

type ListenerEvent = Extract<EngineReply, { sessionId: string }>;
type EventBody = ListenerEvent extends infer E ? (E extends unknown ? Omit<E, 'timestamp'> : never) : never;

export interface ListenerTranscriber {
  /** Runs on the engine's work queue; `partial` jobs may be aborted when other work is due. */
  transcribe(jobId: string, samples: Float32Array<ArrayBuffer>, job: TranscriberJob): Promise<Transcript>;
  abort(jobId: string): void;
  /**
   * Whether the committed text helps the loaded model as the next piece's prompt: Whisper's own
   * models were trained with the previous text as prompt; Parakeet takes none; and for a model made
   * otherwise (the 6 s micro-en test model) it measurably hurts (WER 94 % vs 85 % without it).
   */
  readsCommittedText(): boolean;
}

/** One model run of the listener: a preview (`partial`, may be aborted) or text that is kept. */
export interface TranscriberJob {
  partial: boolean;
  prompt: string;
  /** The utterance's own language; absent: the listen config's. */
  language?: string;
}

export interface CommitSettings {
  enabled: boolean;
  pauseSamples: number;
  maxSamples: number;
  padSamples: number;
  minSpeechSamples: number;
  /** The words to expect (and the user's prompt), from the listen config. */
  basePrompt: string;
  promptCommitted: boolean;
  /** The spoken language when it is set (not "auto"), for joining the pieces. */
  language: string | null;
}

/** The listed words that lead a prompt ("Priya, Kubernetes. ..."): joined pieces keep their capitals. */
function promptWords(prompt: string): string[] {
  return prompt
    .split(/[,.;\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
}

export interface UtteranceText {
  text: string;
  transcript: Transcript;
  /** Input positions of the transcribed audio (first speech to last, padded). */
  from: number;
  to: number;
  commits: number;
  tailInferenceMs: number;
}

const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE;

/**
 * Commit as you go: the stretch of an open utterance that ends in a pause (or, without one, is cut at
 * its quietest point near the limit) is transcribed at once, in the background, one piece after the
 * other so each prompt holds the text before it; at the end only the tail after the last commit is
 * left. A commit still running then is not redone: the tail queues behind it.
 */
export class PieceCommitter {
  constructor(
    private readonly settings: CommitSettings,
    private readonly transcriber: ListenerTranscriber,
    private readonly emit: (event: EventBody) => void,
    private readonly onWarning: (message: string, data: Record<string, unknown>) => void,
  ) {}

  /** The words to expect and the language of this utterance: its own (a profile's), else the config's. */
  private basePrompt(utterance: Utterance): string {
    return utterance.recognition.initialPrompt ?? this.settings.basePrompt;
  }

  private joinOptions(utterance: Utterance): JoinOptions {
    const own = utterance.recognition.language;
    const language = own === undefined ? this.settings.language : own === 'auto' ? null : own;
    return { words: promptWords(this.basePrompt(utterance)), ...(language ? { language } : {}) };
  }

  /** After the VAD's windows for a block: `silenceStart` is where the current silence began, if any. */
  consider(utterance: Utterance, silenceStart: number | null): void {
    if (!this.settings.enabled || utterance.cancelled) return;
    const from = utterance.committedTo;
    const end = utterance.endAt;
    if (utterance.speechSamples(end, from) < this.settings.minSpeechSamples) return;
    let cut: number | null = null;
    if (silenceStart !== null && silenceStart > from && end - silenceStart >= this.settings.pauseSamples) {
      cut = Math.min(end, silenceStart + Math.min(this.settings.padSamples, this.settings.pauseSamples / 2));
    } else if (end - from >= this.settings.maxSamples) {
      const stretch = utterance.audio.slice(from - utterance.startAt, end - utterance.startAt);
      cut = from + quietestCut(stretch, stretch.length);
    }
    if (cut !== null && cut > from) this.commit(utterance, from, Math.round(cut));
  }

  /** The text of the first `count` pieces (all by default), after any text carried over, joined. */
  committedText(utterance: Utterance, count = utterance.pieces.length): string {
    const texts = utterance.pieces.slice(0, count).map((piece) => piece.text ?? '');
    return joinPieces([utterance.priorText, ...texts], this.joinOptions(utterance));
  }

  /** What whisper reads before the audio that follows the first `count` pieces. */
  promptAfter(utterance: Utterance, count = utterance.pieces.length): string {
    const withCommitted = this.settings.promptCommitted && this.transcriber.readsCommittedText();
    return piecePrompt(this.basePrompt(utterance), this.committedText(utterance, count), withCommitted);
  }

  /** The prompt and language of the next model run on this utterance. */
  recognitionAfter(utterance: Utterance, count = utterance.pieces.length): Omit<TranscriberJob, 'partial'> {
    const language = utterance.recognition.language;
    return { prompt: this.promptAfter(utterance, count), ...(language ? { language } : {}) };
  }

  /** Cancel: nothing more is transcribed, the running commit stops. */
  cancel(utterance: Utterance): void {
    utterance.cancelled = true;
    if (utterance.commitInFlight) this.transcriber.abort(utterance.commitInFlight);
  }

  /** The utterance ended: waits for the commits, transcribes the tail and joins it all. */
  async finish(utterance: Utterance): Promise<UtteranceText | null> {
    // A piece still waiting for its turn takes the tail with it: one model run instead of two.
    const waiting = utterance.pieces.at(-1);
    if (waiting && !waiting.started && utterance.endAt - waiting.from <= this.settings.maxSamples) {
      waiting.to = utterance.endAt;
      utterance.committedTo = utterance.endAt;
    }
    const tailFrom = utterance.committedTo;
    await utterance.chain;
    // A piece whose transcription failed is redone now, in order, before the tail.
    for (const piece of utterance.pieces) {
      if (piece.text === null) await this.transcribePiece(utterance, piece, true);
    }
    const tail = utterance.trimmedBetween(tailFrom, utterance.endAt, this.settings.padSamples);
    let tailTranscript: Transcript | null = null;
    let tailText = '';
    if (tail && utterance.speechSamples(utterance.endAt, tailFrom) >= this.settings.minSpeechSamples) {
      tailTranscript = await this.transcriber
        .transcribe(`final:${utterance.sessionId}`, tail.samples, {
          partial: false,
          ...this.recognitionAfter(utterance),
        })
        .catch(silentAsEmpty);
      tailText = tailTranscript ? transcriptText(tailTranscript.segments) : '';
    }
    const whole = utterance.trimmed(this.settings.padSamples);
    if (!whole) return null;
    const parts: { at: number; transcript: Transcript }[] = [];
    for (const piece of utterance.pieces) {
      if (piece.transcript) parts.push({ at: piece.from, transcript: piece.transcript });
    }
    if (tail && tailTranscript) parts.push({ at: tail.from, transcript: tailTranscript });
    const texts = [...utterance.pieces.map((piece) => piece.text ?? ''), tailText];
    return {
      text: joinPieces(texts, this.joinOptions(utterance)),
      transcript: mergeTranscripts(parts, whole.from, ms(whole.to - whole.from)),
      from: whole.from,
      to: whole.to,
      commits: utterance.pieces.length,
      tailInferenceMs: tailTranscript?.timings.inferenceMs ?? 0,
    };
  }

  private commit(utterance: Utterance, from: number, to: number): void {
    utterance.committedTo = to;
    // Behind (the machine is slower than speech): the stretch joins the piece still waiting for its
    // turn, so the backlog never grows beyond one piece and each model run covers more speech.
    const waiting = utterance.pieces.at(-1);
    if (waiting && !waiting.started && to - waiting.from <= this.settings.maxSamples) {
      waiting.to = to;
      return;
    }
    const piece: Piece = {
      index: utterance.pieces.length,
      from,
      to,
      text: null,
      transcript: null,
      started: false,
    };
    utterance.pieces.push(piece);
    // A preview of the tail is worth less than the commit: it gives way.
    if (utterance.partialInFlight) this.transcriber.abort(utterance.partialInFlight);
    utterance.chain = utterance.chain.then(() => this.transcribePiece(utterance, piece, false));
  }

  private async transcribePiece(utterance: Utterance, piece: Piece, retry: boolean): Promise<void> {
    if (utterance.cancelled) return;
    piece.started = true;
    const kept = utterance.trimmedBetween(piece.from, piece.to, this.settings.padSamples);
    const jobId = `commit:${utterance.sessionId}:${piece.index}${retry ? 'r' : ''}`;
    const recognition = this.recognitionAfter(utterance, piece.index);
    const { prompt } = recognition;
    utterance.commitInFlight = jobId;
    try {
      const transcript = kept
        ? await this.transcriber
            .transcribe(jobId, kept.samples, { partial: false, ...recognition })
            .catch(silentAsEmpty)
        : null;
      if (utterance.cancelled) return;
      const shift = kept ? ms(kept.from - piece.from) : 0;
      piece.transcript = transcript ? shifted(transcript, shift) : emptyTranscript(ms(piece.to - piece.from));
      piece.text = transcript ? transcriptText(transcript.segments) : '';
      this.emit({
        type: 'commit',
        sessionId: utterance.sessionId,
        index: piece.index,
        fromMs: ms(piece.from),
        toMs: ms(piece.to),
        utteranceFromMs: ms(utterance.startAt),
        text: piece.text,
        prompt,
        inferenceMs: transcript?.timings.inferenceMs ?? 0,
        transcript: piece.transcript,
      });
    } catch (error) {
      if (utterance.cancelled) return;
      if (retry) throw error;
      this.onWarning('a commit failed; it is redone at the end of the utterance', {
        sessionId: utterance.sessionId,
        piece: piece.index,
        error: serializeError(error),
      });
    } finally {
      if (utterance.commitInFlight === jobId) utterance.commitInFlight = null;
    }
  }
}

/** Audio that is silent to the engine's guard holds no words: an empty piece, not a failure. */
function silentAsEmpty(error: unknown): null {
  if (error instanceof AppError && error.kind === 'audio_silent') return null;
  throw error;
}

function emptyTranscript(audioMs: number): Transcript {
  return { segments: [], language: '', audioMs, timings: { decodeMs: 0, inferenceMs: 0 } };
}

function shiftSegment(segment: Segment, byMs: number): Segment {
  const moved = (t: number) => Math.max(0, Math.round(t + byMs));
  return {
    ...segment,
    startMs: moved(segment.startMs),
    endMs: moved(segment.endMs),
    ...(segment.tokens
      ? {
          tokens: segment.tokens.map((token) => ({
            ...token,
            startMs: moved(token.startMs),
            endMs: moved(token.endMs),
          })),
        }
      : {}),
  };
}

function shifted(transcript: Transcript, byMs: number): Transcript {
  return { ...transcript, segments: transcript.segments.map((s) => shiftSegment(s, byMs)) };
}

/** The pieces' transcripts as one, times counting from `origin` (an input position). */
function mergeTranscripts(
  parts: { at: number; transcript: Transcript }[],
  origin: number,
  audioMs: number,
): Transcript {
  const merged = emptyTranscript(audioMs);
  const warnings = new Set<string>();
  for (const { at, transcript } of parts) {
    merged.segments.push(...transcript.segments.map((s) => shiftSegment(s, ms(at - origin))));
    merged.language ||= transcript.language;
    merged.timings.decodeMs += transcript.timings.decodeMs;
    merged.timings.inferenceMs += transcript.timings.inferenceMs;
    if (transcript.device) merged.device = transcript.device;
    for (const warning of transcript.warnings ?? []) warnings.add(warning);
  }
  if (warnings.size > 0) merged.warnings = [...warnings];
  return merged;
}

import type {
  EngineReply,
  ListenConfig,
  UtteranceEndReason,
  UtteranceRecognition,
} from '../../shared/engine-protocol.js';
import { AppError, serializeError } from '../../shared/errors.js';
import { transcriptText } from '../../shared/transcript.js';
import { joinPieces } from '../../shared/text-shaping/join-pieces.js';

import type { NativeVadModel } from '../whisper/native-addon.js';
import type { WakeDetection, WakeWordDetector } from '../wake/wake-word-detector.js';
import { Endpointer, type Endpoint } from './endpointer.js';
import { RingBuffer } from '../../audio/ring-buffer.js';
import { Utterance } from './utterance.js';
import { VadStream } from './vad-stream.js';
import { PieceCommitter, type ListenerTranscriber } from './piece-committer.js';
import { SAMPLE_RATE } from '../../shared/audio.js';

type ListenerEvent = Extract<EngineReply, { sessionId: string }>;
type EventBody = ListenerEvent extends infer E ? (E extends unknown ? Omit<E, 'timestamp'> : never) : never;

export type { ListenerTranscriber } from './piece-committer.js';

const PARTIAL_EVERY_MS = 1000;
const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE;
const samples = (milliseconds: number) => Math.round((milliseconds * SAMPLE_RATE) / 1000);

/**
 * The live side of the engine: every block of microphone (or file) audio passes through here.
 * A ring buffer keeps the last moments before an utterance (pre-roll); Silero VAD finds speech;
 * an utterance with no speech is never transcribed, so silence can never turn into invented text.
 */
export class Listener {
  private total = 0;
  private readonly ring: RingBuffer;
  private readonly vad: VadStream;
  private vadOffset = 0;
  private endpointer: Endpointer;
  private utterance: Utterance | null = null;
  private autoSessions = 0;
  private readonly closing = new Set<Promise<void>>();
  private wakeUtterance: Utterance | null = null;
  private wakeSessions = 0;
  private readonly committer: PieceCommitter;

  constructor(
    private readonly config: ListenConfig,
    vadModel: NativeVadModel,
    private readonly emit: (event: EventBody) => void,
    private readonly transcriber: ListenerTranscriber,
    private readonly onWarning: (message: string, data: Record<string, unknown>) => void = () => {},
    private readonly wake: WakeWordDetector | null = null,
  ) {
    this.vad = new VadStream(vadModel);
    this.vad.reset();
    // Continuous mode opens an utterance only once speech is confirmed (minSpeechMs later): keep enough.
    const lookback = config.continuous ? config.minSpeechMs + 1000 : 0;
    // A wake phrase is decided a few steps after it ends (and after the block that carried it).
    const wakeLookback = wake ? 3000 : 0;
    this.ring = new RingBuffer(samples(config.preRollMs + Math.max(lookback, wakeLookback)));
    this.endpointer = this.newEndpointer();
    this.committer = new PieceCommitter(
      {
        enabled: config.commitAsYouGo,
        pauseSamples: samples(config.commitPauseMs),
        maxSamples: samples(config.commitMaxMs),
        padSamples: samples(config.speechPadMs),
        minSpeechSamples: samples(config.minSpeechMs),
        basePrompt: config.options.initialPrompt,
        promptCommitted: config.promptCommitted,
        language: config.options.language === 'auto' ? null : config.options.language,
      },
      transcriber,
      emit,
      onWarning,
    );
  }

  get activeSessionId(): string | null {
    return this.utterance?.sessionId ?? null;
  }

  push(block: Float32Array): void {
    this.total += block.length;
    this.ring.push(block);
    const utterance = this.utterance;
    if (utterance) utterance.audio.append(block);
    const voice = utterance || this.config.continuous || this.wake ? this.runVad(block) : false;
    if (this.wake) this.listenForWake(this.wake, block, voice);
    if (this.utterance) this.checkLimits(this.utterance);
    if (this.utterance) this.committer.consider(this.utterance, this.silenceStart(this.utterance));
    if (this.utterance && this.config.partials) this.maybePartial(this.utterance);
  }

  /** Where the silence going on now began (input samples), or null while voice is heard. */
  private silenceStart(utterance: Utterance): number | null {
    if (this.endpointer.speaking) return this.endpointer.pendingSilenceStart;
    return utterance.regions.at(-1)?.end ?? null;
  }

  /** Starts an utterance now (a key press), with the pre-roll in front of it. */
  begin(sessionId: string, withPreRoll = true, endsOnSilence = false, priorText = ''): void {
    if (this.utterance) {
      throw new AppError('busy', `An utterance (${this.utterance.sessionId}) is already being recorded.`);
    }
    const preRoll = this.ring.latest(withPreRoll ? samples(this.config.preRollMs) : 0);
    const utterance = new Utterance(sessionId, this.total - preRoll.length);
    utterance.audio.append(preRoll);
    utterance.priorText = priorText;
    this.utterance = utterance;
    if (endsOnSilence) this.wakeUtterance = utterance;
    if (!this.config.continuous) {
      // The VAD only runs inside utterances here; it starts fresh on the pre-roll.
      this.vad.reset();
      this.vadOffset = utterance.startAt;
      this.endpointer = this.newEndpointer();
      this.runVad(preRoll);
    }
  }

  /** The open utterance's own language and prompt: what is transcribed from now on uses them. */
  recognize(sessionId: string, recognition: UtteranceRecognition): void {
    const utterance = this.utterance;
    if (!utterance || utterance.sessionId !== sessionId) {
      throw new AppError('invalid_request', `No utterance ${sessionId} is being recorded.`, {
        hint: 'Send the recognition settings while the utterance is open (before utterance_end).',
      });
    }
    utterance.recognition = recognition;
  }

  /** Ends the utterance (key release, or cancel); resolves once its result has been sent. */
  end(sessionId: string, reason: UtteranceEndReason): Promise<void> {
    const utterance = this.utterance;
    if (!utterance || utterance.sessionId !== sessionId) {
      return Promise.reject(new AppError('invalid_request', `No utterance ${sessionId} is being recorded.`));
    }
    return this.close(utterance, reason);
  }

  /** The input is over: an open utterance ends; resolves once every result has been sent. */
  async finish(): Promise<void> {
    if (this.utterance) void this.close(this.utterance, 'input_end');
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  private newEndpointer(): Endpointer {
    return new Endpointer({
      threshold: this.config.threshold,
      windowSamples: this.vad.windowSamples,
      minSpeechSamples: samples(this.config.minSpeechMs),
      minSilenceSamples: samples(this.config.silenceMs),
    });
  }

  /** Returns whether any window sounded like voice (the wake word's gate). */
  private runVad(block: Float32Array): boolean {
    const { probabilities, firstWindowAt } = this.vad.push(block);
    let voice = false;
    for (let i = 0; i < probabilities.length; i++) {
      if ((probabilities[i] ?? 0) >= this.config.threshold - 0.15) voice = true;
      const at = this.vadOffset + firstWindowAt + i * this.vad.windowSamples;
      const endpoint = this.endpointer.feed(probabilities[i] ?? 0, at);
      if (endpoint) this.onEndpoint(endpoint);
    }
    return voice;
  }

  private listenForWake(wake: WakeWordDetector, block: Float32Array, voice: boolean): void {
    for (const detection of wake.push(block, voice, this.utterance === null)) {
      if (!this.utterance) this.beginAfterWake(detection);
    }
  }

  /** The utterance starts where the phrase ended (so it is not transcribed) and ends on silence. */
  private beginAfterWake(detection: WakeDetection): void {
    this.wakeSessions += 1;
    const sessionId = `wake-${this.wakeSessions}`;
    const available = Math.min(this.ring.length, this.total - detection.endAt);
    this.emit({
      type: 'wake_word',
      sessionId,
      phrase: detection.phrase,
      confidence: detection.confidence,
      atMs: ms(detection.endAt),
      bufferedMs: ms(available),
    });
    const utterance = new Utterance(sessionId, this.total - available);
    utterance.audio.append(this.ring.latest(available));
    this.utterance = utterance;
    this.wakeUtterance = utterance;
    if (this.endpointer.speaking) {
      utterance.regions.push({ start: utterance.startAt, end: null });
      this.emit({ type: 'speech_start', sessionId, atMs: ms(utterance.startAt) });
    }
  }

  private endsOnSilence(utterance: Utterance): boolean {
    return this.config.continuous || this.config.autoStop || utterance === this.wakeUtterance;
  }

  private onEndpoint(endpoint: Endpoint): void {
    if (endpoint.type === 'start') {
      if (!this.utterance && this.config.continuous) this.openAutomatically(endpoint.at);
      const utterance = this.utterance;
      if (!utterance) return;
      utterance.regions.push({ start: Math.max(endpoint.at, utterance.startAt), end: null });
      this.emit({ type: 'speech_start', sessionId: utterance.sessionId, atMs: ms(endpoint.at) });
      return;
    }
    const utterance = this.utterance;
    const region = utterance?.regions.at(-1);
    if (!utterance || !region || region.end !== null) return;
    if (utterance === this.wakeUtterance && endpoint.at - region.start < samples(this.config.minSpeechMs)) {
      // Only the wake phrase's tail: the words are still to come.
      utterance.regions.pop();
      return;
    }
    region.end = endpoint.at;
    this.emit({ type: 'speech_end', sessionId: utterance.sessionId, atMs: ms(endpoint.at) });
    if (this.endsOnSilence(utterance)) void this.close(utterance, 'auto_stop');
  }

  private openAutomatically(speechAt: number): void {
    const wanted = Math.max(0, speechAt - samples(this.config.preRollMs));
    const available = Math.min(this.ring.length, this.total - wanted);
    this.autoSessions += 1;
    const utterance = new Utterance(`utterance-${this.autoSessions}`, this.total - available);
    utterance.audio.append(this.ring.latest(available));
    this.utterance = utterance;
  }

  private checkLimits(utterance: Utterance): void {
    const length = utterance.audio.length;
    if (length >= samples(this.config.maxUtteranceMs)) {
      void this.close(utterance, 'max_length');
    } else if (
      this.endsOnSilence(utterance) &&
      utterance.regions.length === 0 &&
      length >= samples(this.config.noSpeechTimeoutMs)
    ) {
      void this.close(utterance, 'no_speech_timeout');
    }
  }

  private close(utterance: Utterance, reason: UtteranceEndReason): Promise<void> {
    if (this.utterance !== utterance) return Promise.resolve();
    this.utterance = null;
    if (this.wakeUtterance === utterance) this.wakeUtterance = null;
    const ended = this.endpointer.finish(utterance.endAt);
    const open = utterance.regions.at(-1);
    if (ended && open && open.end === null) {
      open.end = ended.at;
      this.emit({ type: 'speech_end', sessionId: utterance.sessionId, atMs: ms(ended.at) });
    }
    if (!this.config.continuous) this.endpointer = this.newEndpointer();
    if (utterance.partialInFlight) this.transcriber.abort(utterance.partialInFlight);
    this.emit({
      type: 'utterance_closed',
      sessionId: utterance.sessionId,
      reason,
      fromMs: ms(utterance.startAt),
      toMs: ms(utterance.endAt),
      speechMs: ms(utterance.speechSamples()),
    });
    if (reason === 'cancel') {
      this.committer.cancel(utterance);
      return Promise.resolve();
    }
    const done = this.transcribeFinal(utterance).finally(() => this.closing.delete(done));
    this.closing.add(done);
    return done;
  }

  private async transcribeFinal(utterance: Utterance): Promise<void> {
    const { sessionId } = utterance;
    const kept = utterance.trimmed(samples(this.config.speechPadMs));
    if (!kept || utterance.speechSamples() < samples(this.config.minSpeechMs)) {
      await utterance.chain; // nothing was committed that matters, but no commit may outlive the result
      this.emit({ type: 'no_speech', sessionId });
      return;
    }
    try {
      const result = await this.committer.finish(utterance);
      if (!result) {
        this.emit({ type: 'no_speech', sessionId });
        return;
      }
      this.emit({
        type: 'utterance_result',
        sessionId,
        text: result.text,
        transcript: result.transcript,
        fromMs: ms(result.from),
        toMs: ms(result.to),
        commits: result.commits,
        tailInferenceMs: result.tailInferenceMs,
      });
    } catch (error) {
      this.emit({ type: 'utterance_error', sessionId, error: serializeError(error) });
    }
  }

  /** Live text: the committed text plus the uncommitted tail, decoded alone. */
  private maybePartial(utterance: Utterance): void {
    if (utterance.partialInFlight || utterance.commitInFlight || utterance.regions.length === 0) return;
    if (utterance.endAt - utterance.lastPartialAt < samples(PARTIAL_EVERY_MS)) return;
    const from = utterance.committedTo;
    if (utterance.speechSamples(utterance.endAt, from) === 0) return;
    const kept = utterance.trimmedBetween(from, utterance.endAt, samples(this.config.speechPadMs));
    if (!kept) return;
    const committedText = this.committer.committedText(utterance);
    const job = { partial: true, ...this.committer.recognitionAfter(utterance) };
    utterance.partialCount += 1;
    utterance.lastPartialAt = utterance.endAt;
    const jobId = `partial:${utterance.sessionId}:${utterance.partialCount}`;
    utterance.partialInFlight = jobId;
    this.transcriber
      .transcribe(jobId, kept.samples, job)
      .then((transcript) => {
        // A commit that landed meanwhile covers part of this preview: the next one shows it.
        if (this.utterance === utterance && utterance.committedTo === from) {
          this.emit({
            type: 'partial',
            sessionId: utterance.sessionId,
            text: joinPieces([committedText, transcriptText(transcript.segments)]),
            committedText,
          });
        }
      })
      .catch((error: unknown) => {
        // A partial is only a preview: an aborted one is replaced by the final; others are logged.
        if (error instanceof AppError && error.kind === 'aborted') return;
        this.onWarning('partial transcription failed', {
          sessionId: utterance.sessionId,
          error: serializeError(error),
        });
      })
      .finally(() => {
        utterance.partialInFlight = null;
      });
  }
}

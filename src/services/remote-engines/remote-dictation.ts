import type { DeliveryResult } from '../../shared/delivery.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { serializeError } from '../../shared/errors.js';
import { settleWithin } from '../../shared/settle-within.js';
import type { RemoteSettings } from '../../shared/remote-settings.js';
import { transcriptText } from '../../shared/transcript.js';
import type { DeliveringDictation } from '../dictation/dictation-controller.js';
import type { Logger } from '../logging/logger.js';
import { OpenAiTranscriptionClient, type RemoteEndpoint } from './openai-transcription-client.js';

export interface RemoteDictationDeps {
  settings: () => RemoteSettings;
  /** The audio of the dictation in flight (the utterance tap), once the key is released. */
  pendingAudio: () => { sessionId: string; samples: Float32Array } | null;
  endpoint: (id: string) => Promise<RemoteEndpoint | null>;
  deliver: (text: string, dictation: DeliveringDictation) => Promise<DeliveryResult>;
  /** The dictation's language and prompt (the settings', or its app profile's), and translate. */
  recognition: (sessionId: string) => Promise<{ language: string; prompt: string; translate: boolean }>;
  logger: Logger;
}

type Outcome = { text: string; engine: string } | { error: string; engine: string };

/**
 * Dictation through a remote engine (off unless the user turns it on): when the key is released the
 * utterance's audio goes to the chosen remote engine; the local engine transcribes it as always. If the
 * remote answers within the deadline (counted from the release) its text is delivered, else the local
 * text is; the delivered event names the engine that produced the text.
 */
export class RemoteDictation {
  private readonly inFlight = new Map<string, { started: number; outcome: Promise<Outcome> }>();

  constructor(private readonly deps: RemoteDictationDeps) {}

  /** Fed the dictation events (a release starts the remote request). */
  onDictationEvent(event: DictationEvent): void {
    if (event.type !== 'state' || event.status.phase !== 'transcribing') return;
    const remote = this.deps.settings();
    const sessionId = event.status.sessionId;
    if (!remote.useForDictation || !sessionId || this.inFlight.has(sessionId)) return;
    const audio = this.deps.pendingAudio();
    if (!audio || audio.sessionId !== sessionId) return;
    const engine = remote.engines.find(
      (e) => e.enabled && (remote.dictationEngineId === '' || e.id === remote.dictationEngineId),
    );
    if (!engine) return;
    const outcome = (async (): Promise<Outcome> => {
      const endpoint = await this.deps.endpoint(engine.id);
      if (!endpoint) return { error: 'not configured', engine: engine.name };
      try {
        const client = new OpenAiTranscriptionClient(endpoint, { timeoutMs: remote.dictationDeadlineMs });
        const { language, prompt, translate } = await this.deps.recognition(sessionId);
        // Translate on: the API's translations route, as the local engine would translate.
        const result = await client.transcribe({ samples: audio.samples, language, prompt, translate });
        return { text: transcriptText(result.segments) || result.text, engine: engine.name };
      } catch (error) {
        return { error: serializeError(error).message, engine: engine.name };
      }
    })();
    this.inFlight.set(sessionId, { started: Date.now(), outcome });
  }

  /** The controller's deliver: the remote text if it came in time, else the local one. */
  async deliver(localText: string, dictation: DeliveringDictation): Promise<DeliveryResult> {
    const pending = this.inFlight.get(dictation.sessionId);
    this.inFlight.delete(dictation.sessionId);
    if (!pending) return this.deps.deliver(localText, dictation);
    const left = Math.max(0, pending.started + this.deps.settings().dictationDeadlineMs - Date.now());
    const outcome = await settleWithin(pending.outcome, left, null);
    if (outcome && 'text' in outcome && outcome.text.trim()) {
      const result = await this.deps.deliver(outcome.text, dictation);
      // The window and history show the remote's text (the delivery gives `text` only when rules changed it).
      return {
        ...result,
        text: result.text ?? outcome.text,
        recognizedText: outcome.text,
        engine: outcome.engine,
      };
    }
    const why =
      outcome === null
        ? 'did not answer within the deadline'
        : 'error' in outcome
          ? outcome.error
          : 'sent no text';
    this.deps.logger.warn(
      { event: 'remote_dictation_fallback', sessionId: dictation.sessionId, why },
      'dictation used the local engine',
    );
    const result = await this.deps.deliver(localText, dictation);
    return { ...result, engine: 'local' };
  }
}

import { AppError, serializeError } from '../../shared/errors.js';
import type { HistoryEntry, HistoryVersion } from '../../shared/history.js';
import type { InstalledModel } from '../../shared/models.js';
import { settingsPrompt } from '../../shared/recognition-prompt.js';
import type { Settings } from '../../shared/settings.js';
import { resolveProfile, shapeText } from '../../shared/text-shaping/index.js';
import { transcriptText } from '../../shared/transcript.js';
import type { EnginePool } from '../jobs/engine-pool.js';
import type { Logger } from '../logging/logger.js';

export interface RetranscribeRequest {
  id: string;
  /** An installed model, by its file name ("ggml-small.en.bin") or name ("small.en"). */
  model: string;
  /** replace: the new text becomes the entry's (the old one is kept among its versions); add: beside it. */
  mode: 'replace' | 'add';
}

export interface RetranscribeOptions {
  history: {
    get(id: string): HistoryEntry | undefined;
    revise(id: string, version: HistoryVersion, mode: 'replace' | 'add'): HistoryEntry;
  };
  /** The kept audio's WAV file of an entry; throws audio_not_found when none is kept. */
  audioFile: (id: string) => Promise<string>;
  installedModels: () => Promise<readonly InstalledModel[]>;
  /** Engines of their own, so the dictation's resident model stays loaded. */
  engines: EnginePool;
  settings: () => Settings;
  vadModelPath: () => string | null;
  logger: Logger;
  now?: () => number;
}

/**
 * Transcribes a history entry's kept audio again with another model (a bigger one, say) and puts the
 * result through the same text rules as a dictation: it replaces the entry's text or is added beside it.
 */
export class Retranscriber {
  constructor(private readonly options: RetranscribeOptions) {}

  async retranscribe(request: RetranscribeRequest): Promise<HistoryEntry> {
    const { history, settings, logger } = this.options;
    const entry = history.get(request.id);
    if (!entry) {
      throw new AppError('invalid_request', 'That dictation is no longer in the history.', {
        hint: 'Reload the history.',
      });
    }
    const file = await this.options.audioFile(entry.id);
    const model = await this.model(request.model);
    const current = settings();
    const started = Date.now();
    const lease = await this.options.engines.acquire(model.path);
    let healthy = false;
    let text: string;
    let language: string | null;
    try {
      const vad = this.options.vadModelPath();
      const transcript = await lease.client.transcribe(
        { kind: 'file', path: file },
        {
          language: model.multilingual === false ? 'en' : (entry.language ?? current.speech.language),
          initialPrompt: settingsPrompt(current),
          ...(vad ? { vadModelPath: vad } : {}),
        },
      ).result;
      healthy = true;
      text = transcriptText(transcript.segments);
      language = transcript.language || entry.language;
    } catch (error) {
      logger.warn(
        { event: 'retranscribe_failed', id: entry.id, model: model.name, error: serializeError(error) },
        'transcribing a dictation again failed',
      );
      healthy = serializeError(error).kind !== 'engine_crashed';
      throw error;
    } finally {
      lease.release(healthy);
    }
    if (!text.trim()) {
      throw new AppError('audio_silent', `${model.name} heard no words in this recording.`, {
        hint: 'Try another model; the entry was left as it was.',
      });
    }
    const shaped = shapeText(text, resolveProfile(current.text, entry.app).rules, { language });
    const delivered = shaped.text.trim() || text;
    logger.info(
      {
        event: 'retranscribed',
        id: entry.id,
        model: model.name,
        mode: request.mode,
        ms: Date.now() - started,
      },
      'dictation transcribed again',
    );
    return history.revise(
      entry.id,
      {
        text: delivered,
        rawText: delivered === text ? null : text,
        model: model.name,
        language,
        createdAt: (this.options.now ?? Date.now)(),
      },
      request.mode,
    );
  }

  private async model(wanted: string): Promise<InstalledModel> {
    const installed = await this.options.installedModels();
    const model = installed.find((m) => m.file === wanted || m.name === wanted);
    if (!model) {
      throw new AppError('model_not_found', `The model ${wanted} is not installed.`, {
        hint: 'Download or import it in the Models tab, then try again.',
      });
    }
    return model;
  }
}

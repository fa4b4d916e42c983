import path from 'node:path';
import type { EngineClient } from '../../engine/client/engine-client.js';
import type { InstalledModel } from '../../shared/models.js';
import type { Settings } from '../../shared/settings.js';
import type { CompletedDictation } from '../dictation/dictation-controller.js';
import { EnginePool } from '../jobs/engine-pool.js';
import type { Logger } from '../logging/logger.js';
import { AudioStore } from './audio-store.js';
import type { HistoryAudioPort } from './history-audio-requests.js';
import { KeptDictationAudio } from './kept-dictation-audio.js';
import type { ObservableHistory } from './observable-history.js';
import { Retranscriber } from './retranscribe.js';

/** An engine kept for transcribing again is stopped after this long unused (its model's memory freed). */
const ENGINE_IDLE_MS = 60_000;

export interface HistoryAudio {
  /** For the app core: play, transcribe again. */
  port: HistoryAudioPort;
  /** After the history entry was saved: keeps the dictation's audio. */
  onCompleted(completed: CompletedDictation): void;
  /** Prunes now and from then on; returns the function that stops it. */
  start(): () => void;
  close(): Promise<void>;
}

/** Where dictations' audio is kept in the data folder. */
export function dictationAudioDir(dataDir: string): string {
  return path.join(dataDir, 'audio');
}

/** The kept audio of dictations, and transcribing it again in engines of its own. */
export function createHistoryAudio(options: {
  dataDir: string;
  history: ObservableHistory;
  settings: () => Settings;
  logger: Logger;
  notify: (message: string, hint?: string) => void;
  installedModels: () => Promise<readonly InstalledModel[]>;
  startEngine: () => Promise<EngineClient>;
  vadModelPath: () => string | null;
}): HistoryAudio {
  const logger = options.logger.child({ component: 'history-audio' });
  const kept = new KeptDictationAudio({
    store: new AudioStore(dictationAudioDir(options.dataDir)),
    history: options.history,
    settings: options.settings,
    logger,
    notify: options.notify,
  });
  const engines = new EnginePool(options.startEngine, logger, ENGINE_IDLE_MS);
  const retranscriber = new Retranscriber({
    history: options.history,
    audioFile: (id) => kept.file(id),
    installedModels: options.installedModels,
    engines,
    settings: options.settings,
    vadModelPath: options.vadModelPath,
    logger,
  });
  return {
    port: { wav: (id) => kept.wav(id), retranscribe: (request) => retranscriber.retranscribe(request) },
    onCompleted: (completed) => void kept.onCompleted(completed),
    start: () => kept.start(),
    close: () => engines.close(),
  };
}

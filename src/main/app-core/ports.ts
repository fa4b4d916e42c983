import type { DictationEvent, DictationStatus, DictationTrigger } from '../../shared/dictation.js';
import type { HistoryEntry, HistoryPage, HistoryPageRequest, NewHistoryEntry } from '../../shared/history.js';
import type { JobCommandResult, JobEvent } from '../../shared/jobs.js';
import type { ModelEvent } from '../../shared/models.js';
import type { Settings, SettingsWarning } from '../../shared/settings.js';

/**
 * The services the app core puts behind the window's API, as the core needs them. The real classes
 * (DictationController, SettingsStore, HistoryStore, JobQueue, ModelManager) satisfy these as they are.
 */

/** A microphone as the capture code lists it (naudiodon's ids are numbers). */
export interface DeviceInfo {
  id: string | number;
  name: string;
  isDefault?: boolean;
}

export interface DictationPort {
  start(trigger: DictationTrigger): Promise<unknown>;
  stop(): Promise<unknown>;
  cancel(): Promise<unknown>;
  status(): DictationStatus;
  subscribe(listener: (event: DictationEvent) => void): () => void;
  listDevices?(): Promise<readonly DeviceInfo[]> | readonly DeviceInfo[];
}

export interface SettingsPort {
  readonly warnings: readonly SettingsWarning[];
  get(): Settings;
  /** Validates the patch with the shared schema; rejects (changing nothing) when it is invalid. */
  update(patch: unknown): Promise<Settings>;
  subscribe(listener: (settings: Settings, previous: Settings) => void): () => void;
}

export interface HistoryPort {
  add(entry: NewHistoryEntry): HistoryEntry;
  page(request?: HistoryPageRequest): HistoryPage;
  delete(id: string): boolean;
  deleteAll(): number;
  prune(retentionDays: number, now?: number): number;
}

export interface JobsPort {
  handle(command: unknown): Promise<JobCommandResult>;
  subscribe(listener: (event: JobEvent) => void): () => void;
}

export interface ModelsPort {
  handle(command: unknown): Promise<ModelEvent>;
  onEvent(listener: (event: ModelEvent) => void): () => void;
}

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

import type { DictationEvent, DictationStatus, DictationTrigger } from '../../shared/dictation.js';
import type { HistoryEntry, HistoryPage, HistoryPageRequest, NewHistoryEntry } from '../../shared/history.js';
import type { Job, JobCommandResult, JobEvent } from '../../shared/jobs.js';
import type { ModelEvent } from '../../shared/models.js';
import type { Settings, SettingsWarning } from '../../shared/settings.js';
import type { FilePurpose, VadModelStatus } from '../../shared/setup.js';
import type { WakeModelEvent, WakeModelInstallRequest, WakeModelsStatus } from '../../shared/wake-models.js';
import type {
  IntegrationsStatus,
  SessionExportFormat,
  SessionList,
  SessionsChangeReason,
} from '../../shared/sessions.js';

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
  get(id: string): Job | null;
  list(): Job[];
}

/** What only a desktop shell can do (Electron's dialog and shell); absent in the headless server. */
export interface DesktopPort {
  /** Resolves with the chosen files, or none when the dialog was closed. */
  pickFiles(): Promise<string[]>;
  /** Opens the file with the desktop's default app; rejects with the reason when it cannot. */
  openPath(file: string): Promise<void>;
  showInFolder(file: string): void;
  /** The desktop's save dialog; resolves with the chosen path, or null when it was closed. */
  chooseSavePath?(options: { title: string; defaultPath: string; extension: string }): Promise<string | null>;
}

export interface ModelsPort {
  handle(command: unknown): Promise<ModelEvent>;
  onEvent(listener: (event: ModelEvent) => void): () => void;
}

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

/** First-run setup besides the model manager: the VAD model, the microphone check, a model file picker. */
export interface SetupPort {
  vadStatus(): Promise<VadModelStatus>;
  /** Starts the download unless it is installed or downloading; resolves with the status at once. */
  installVad(): Promise<VadModelStatus>;
  importVad(file: string): Promise<VadModelStatus>;
  /** Opens or closes the microphone for a level check (the pre-roll setting is left as it is). */
  checkMicrophone(open: boolean): Promise<boolean>;
  /** Absent where there is no native dialog (the headless bridge). */
  chooseModelFile?(purpose: FilePurpose): Promise<string | null>;
  /** VAD status changes and the VAD download's progress events. */
  subscribe(listener: (event: SetupEvent) => void): () => void;
}

export type SetupEvent =
  ModelEvent | { type: 'vad_status_changed'; timestamp: number; status: VadModelStatus };

/** The local event API and recorded sessions (src/main/app-runtime/integrations.ts). */
export interface IntegrationsPort {
  status(): IntegrationsStatus;
  /** Replaces the event API token (the old one stops working); resolves once the server uses it. */
  regenerateToken(): Promise<string>;
  listSessions(): SessionList;
  /** Throws session_not_found for an id that is not on disk. */
  sessionFiles(id: string): { dir: string; audioFile: string };
  /** Writes the session's captions to `target`; returns the file written. */
  exportSession(id: string, format: SessionExportFormat, target: string, overwrite: boolean): string;
  deleteSession(id: string): void;
  subscribe(listener: (event: IntegrationsEvent) => void): () => void;
}

export type IntegrationsEvent =
  | { type: 'integrations_changed'; timestamp: number; status: IntegrationsStatus }
  | { type: 'sessions_changed'; timestamp: number; reason: SessionsChangeReason };

/** Wake phrase models: the openWakeWord catalog, downloads (licence accepted), imports, removal. */
export interface WakeModelsPort {
  status(): Promise<WakeModelsStatus>;
  /** Starts the download (refused unless the licence is accepted); resolves with the status at once. */
  install(request: WakeModelInstallRequest): Promise<WakeModelsStatus>;
  import(file: string): Promise<WakeModelsStatus>;
  remove(id: string): Promise<WakeModelsStatus>;
  subscribe(listener: (event: WakeModelEvent) => void): () => void;
}

import { RemoteEngineHealth } from './remote-engines.js';
import { z } from 'zod';
import { APP_PROTOCOL_VERSION } from './app-ipc.js';
import {
  deliveredEventSchema,
  dictationEventSchema,
  dictationStatusSchema,
  dictationTriggerSchema,
} from './dictation.js';
import { SerializedError } from './errors.js';
import { HistoryEntry, HistoryPage } from './history.js';
import { ExportFormat } from './exports/index.js';
import { JobCommand, JobCommandResult, JobEvent, JobOutput } from './jobs.js';
import { ModelCommand, ModelEvent } from './models.js';
import { Settings, SettingsPatch, SettingsWarning } from './settings.js';
import { SpeechDevices } from './speech-devices.js';
import { SpeechModelStatus } from './speech-model-status.js';
import { FilePurpose, MicrophoneCheckResult, VadModelStatus } from './setup.js';
import {
  WakeModelEvent,
  WakeModelInstallRequest,
  WakeModelRemoveRequest,
  WakeModelsStatus,
} from './wake-models.js';
import { IntegrationsStatus, SessionExportFormat, SessionList, SessionsChangeReason } from './sessions.js';

/**
 * The renderer-facing API of the app: what the window may ask main (AppRequest), what it gets back
 * (AppResponse, one payload schema per request type) and what main pushes (AppEvent). The same messages
 * travel over the preload's IPC and over the loopback WebSocket bridge; both edges validate with these.
 */
export { APP_PROTOCOL_VERSION };

const timestamp = z.number();

// ---- Requests ----------------------------------------------------------------------------------

const historyLimit = z.number().int().min(1).max(500).optional();
const historyCursor = z.string().min(1).max(200).optional();
const desktopPath = z.string().min(1).max(4096);
/** A recorded session, by the id in its session.json (never by a path). */
const sessionId = z.uuid({ error: 'sessionId must be the id of a recorded session (a UUID)' });

/** A request about one recorded session; nothing but the fields given may come with it. */
function sessionRequest<T extends string, F extends z.ZodRawShape = Record<never, never>>(
  type: T,
  fields: F = {} as F,
) {
  return z.object({ type: z.literal(type), sessionId, ...fields }).strict();
}

export const AppRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get_state') }),
  z.object({ type: z.literal('dictation_start'), trigger: dictationTriggerSchema.default('ui') }),
  z.object({ type: z.literal('dictation_stop') }),
  z.object({ type: z.literal('dictation_cancel') }),
  z.object({ type: z.literal('history_list'), limit: historyLimit, cursor: historyCursor }),
  z.object({
    type: z.literal('history_search'),
    query: z.string().max(500),
    limit: historyLimit,
    cursor: historyCursor,
  }),
  z.object({ type: z.literal('history_delete'), id: z.string().min(1).max(200) }),
  z.object({ type: z.literal('history_clear') }),
  /** A history entry's kept audio, as a WAV file to play in the window. */
  z.object({ type: z.literal('history_audio'), id: z.string().min(1).max(200) }).strict(),
  /** Transcribes a history entry's kept audio again with another installed model (answers when done). */
  z
    .object({
      type: z.literal('history_retranscribe'),
      id: z.string().min(1).max(200),
      model: z.string().min(1).max(200),
      mode: z.enum(['replace', 'add']),
    })
    .strict(),
  z.object({ type: z.literal('copy_text'), text: z.string().max(1_000_000) }),
  z.object({ type: z.literal('settings_get') }),
  z.object({ type: z.literal('settings_update'), patch: SettingsPatch }),
  z.object({ type: z.literal('devices_list') }),
  /** The GPUs the speech engine found and the device the loaded model runs on. */
  z.object({ type: z.literal('speech_devices') }).strict(),
  /** The speech model the engine has loaded, and why the chosen one is not in use (missing, broken). */
  z.object({ type: z.literal('speech_model_status') }).strict(),
  /** Remote engines' last known state; remote_engines_check checks them now. */
  z.object({ type: z.literal('remote_engines_status') }).strict(),
  z.object({ type: z.literal('remote_engines_check') }).strict(),
  /** Stores (or with null removes) a remote engine's API key in the OS secret store. */
  z
    .object({
      type: z.literal('remote_engine_key'),
      id: z.string().min(1).max(64),
      apiKey: z.string().max(4096).nullable(),
    })
    .strict(),
  z.object({ type: z.literal('jobs'), command: JobCommand }),
  z.object({ type: z.literal('models'), command: ModelCommand }),
  /** Writes a finished job's transcript in one format (next to its other outputs, never overwriting). */
  z.object({ type: z.literal('job_export'), jobId: z.uuid(), format: ExportFormat }),
  /** The desktop's file dialog, to choose audio or video files for jobs (the desktop app only). */
  z.object({ type: z.literal('pick_files') }),
  /** Opens a job's source or output file with the desktop's default app (the desktop app only). */
  z.object({ type: z.literal('open_path'), path: desktopPath }),
  /** Shows a job's source or output file in the file manager (the desktop app only). */
  z.object({ type: z.literal('show_in_folder'), path: desktopPath }),
  z.object({ type: z.literal('vad_status') }),
  /** Starts downloading the VAD model (progress follows as download events); answers at once. */
  z.object({ type: z.literal('vad_install') }),
  z.object({ type: z.literal('vad_import'), path: desktopPath }),
  /** Opens (true) or closes the microphone for a level check; `level` events follow while open. */
  z.object({ type: z.literal('microphone_check'), open: z.boolean() }),
  /** A native file picker for a model file (only where features.fileDialog); null when cancelled. */
  z.object({ type: z.literal('choose_model_file'), purpose: FilePurpose }),
  /** Wake phrase models (openWakeWord): installed and downloadable ones, with their licence. */
  z.object({ type: z.literal('wake_models_list') }).strict(),
  /** Starts downloading a phrase (and the front end); refused unless acceptLicence. Answers at once. */
  z.object({ type: z.literal('wake_model_install'), request: WakeModelInstallRequest }).strict(),
  /** Copies the user's own phrase classifier (.onnx) in beside the front end, after checking it. */
  z.object({ type: z.literal('wake_model_import'), path: desktopPath }).strict(),
  z.object({ type: z.literal('wake_model_remove'), id: WakeModelRemoveRequest.shape.id }).strict(),
  /** Whether the local event API is listening (or why not) and which session is being recorded. */
  z.object({ type: z.literal('integrations_status') }).strict(),
  /** Replaces the event API token: clients using the old one are disconnected and refused. */
  z.object({ type: z.literal('event_api_regenerate_token') }).strict(),
  /** Replaces the transcription server's API key: clients with the old one are refused. */
  z.object({ type: z.literal('serve_regenerate_token') }).strict(),
  z.object({ type: z.literal('sessions_list') }).strict(),
  /**
   * Saves a recorded session's captions. Without `path` the desktop's save dialog asks where (only
   * where features.saveDialog); a typed path must be absolute, end in .<format> and not exist yet.
   */
  sessionRequest('session_export', { format: SessionExportFormat, path: desktopPath.optional() }),
  /** Deletes a recorded session's folder (not the one being recorded). */
  sessionRequest('session_delete'),
  /** Opens a recorded session's WAV with the desktop's default app (the desktop app only). */
  sessionRequest('session_open_audio'),
  /** Shows a recorded session's WAV in the file manager (the desktop app only). */
  sessionRequest('session_show_in_folder'),
]);
export type AppRequest = z.infer<typeof AppRequest>;
/** What a caller writes: fields with defaults may be left out. */
export type AppRequestInput = z.input<typeof AppRequest>;
export type AppRequestType = AppRequest['type'];
export type AppRequestOf<T extends AppRequestType> = Extract<AppRequestInput, { type: T }>;

/**
 * Validates a request where it enters main (the preload's IPC, the loopback bridge): the one place an
 * app request is parsed. Everything behind the edge takes the parsed AppRequest.
 */
export function parseAppRequest(
  raw: unknown,
): { ok: true; request: AppRequest } | { ok: false; error: SerializedError } {
  const parsed = AppRequest.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    error: {
      kind: 'invalid_request',
      message: `The window sent a request the app does not understand: ${z.prettifyError(parsed.error)}`,
      hint: 'Reload the window; if it repeats, the window and the app are from different versions.',
    },
  };
}

// ---- Response payloads -------------------------------------------------------------------------

export const AudioDevice = z.object({
  id: z.string().min(1),
  name: z.string(),
  isDefault: z.boolean(),
});
export type AudioDevice = z.infer<typeof AudioDevice>;

/**
 * The text of the last dictation, from its delivered event, so a window opened later still shows it
 * (the settings preview starts from its `raw`).
 */
export const LastTranscript = deliveredEventSchema.omit({ type: true, method: true, timings: true });
export type LastTranscript = z.infer<typeof LastTranscript>;

/** Which optional services this backend has; the window hides what is missing. */
export const AppFeatures = z.object({
  jobs: z.boolean(),
  models: z.boolean(),
  clipboard: z.boolean(),
  devices: z.boolean(),
  /** VAD model install and the microphone check (first-run setup). */
  setup: z.boolean().optional(),
  /** A native file picker answers choose_model_file (the desktop app; not the browser bridge). */
  fileDialog: z.boolean().optional(),
  /** Wake phrase models can be listed, downloaded and imported (Models → Wake phrases). */
  wakeModels: z.boolean().optional(),
  /** The local event API and recorded sessions (Settings → Integrations, the Sessions view). */
  sessions: z.boolean().optional(),
  /** A native save dialog answers session_export without a path (the desktop app). */
  saveDialog: z.boolean().optional(),
  /** Dictations' audio is kept: history entries can be played and transcribed again. */
  historyAudio: z.boolean().optional(),
  /** speech_devices answers (the GPU select in Settings → Speech recognition). */
  speechDevices: z.boolean().optional(),
  /** speech_model_status answers (the model picker's loaded / missing / failed line). */
  speechModelStatus: z.boolean().optional(),
  /** Remote engines can be checked and their API keys stored (Settings → Remote engines). */
  remoteEngines: z.boolean().optional(),
});
export type AppFeatures = z.infer<typeof AppFeatures>;

const AppState = z.object({
  protocolVersion: z.number().int(),
  dictation: dictationStatusSchema,
  lastTranscript: LastTranscript.nullable(),
  settings: Settings,
  /** Problems found reading the settings file (shown once). */
  settingsWarnings: z.array(SettingsWarning),
  features: AppFeatures,
});
export type AppState = z.infer<typeof AppState>;

const SettingsSnapshot = z.object({ settings: Settings, warnings: z.array(SettingsWarning) });

/** The payload schema of a successful response, per request type. */
export const APP_RESPONSE_PAYLOADS = {
  get_state: AppState,
  dictation_start: dictationStatusSchema,
  dictation_stop: dictationStatusSchema,
  dictation_cancel: dictationStatusSchema,
  history_list: HistoryPage,
  history_search: HistoryPage,
  history_delete: z.object({ deleted: z.boolean() }),
  history_clear: z.object({ deleted: z.number().int().nonnegative() }),
  history_audio: z.object({ mime: z.literal('audio/wav'), base64: z.string() }),
  history_retranscribe: HistoryEntry,
  copy_text: z.object({ copied: z.literal(true) }),
  settings_get: SettingsSnapshot,
  settings_update: Settings,
  devices_list: z.object({ devices: z.array(AudioDevice) }),
  speech_devices: SpeechDevices,
  speech_model_status: SpeechModelStatus,
  remote_engines_status: z.object({ engines: z.array(RemoteEngineHealth) }),
  remote_engines_check: z.object({ engines: z.array(RemoteEngineHealth) }),
  remote_engine_key: z.object({ stored: z.boolean() }),
  jobs: JobCommandResult,
  /** The model manager answers with what it reports (e.g. models_listed for list). */
  models: ModelEvent,
  job_export: JobOutput,
  /** Empty when the user closed the dialog without choosing. */
  pick_files: z.object({ paths: z.array(z.string()) }),
  open_path: z.object({ opened: z.literal(true) }),
  show_in_folder: z.object({ shown: z.literal(true) }),
  vad_status: VadModelStatus,
  vad_install: VadModelStatus,
  vad_import: VadModelStatus,
  microphone_check: MicrophoneCheckResult,
  choose_model_file: z.object({ path: z.string().nullable() }),
  wake_models_list: WakeModelsStatus,
  wake_model_install: WakeModelsStatus,
  wake_model_import: WakeModelsStatus,
  wake_model_remove: WakeModelsStatus,
  integrations_status: IntegrationsStatus,
  event_api_regenerate_token: z.object({ token: z.string().min(1) }),
  serve_regenerate_token: z.object({ token: z.string().min(1) }),
  sessions_list: SessionList,
  /** null when the save dialog was closed without choosing. */
  session_export: z.object({ path: z.string().nullable() }),
  session_delete: z.object({ deleted: z.literal(true) }),
  session_open_audio: z.object({ opened: z.literal(true) }),
  session_show_in_folder: z.object({ shown: z.literal(true) }),
} as const satisfies { [K in AppRequestType]: z.ZodType };

export type AppPayload<T extends AppRequestType> = z.infer<(typeof APP_RESPONSE_PAYLOADS)[T]>;

/** Carries out one validated request of type T; throws an AppError for what cannot be done. */
export type AppHandler<T extends AppRequestType> = (
  request: Extract<AppRequest, { type: T }>,
) => Promise<AppPayload<T>> | AppPayload<T>;

/** A feature's requests and how each is answered: the app core is the union of these tables. */
export type AppHandlers<T extends AppRequestType = AppRequestType> = { [K in T]: AppHandler<K> };

export type AppResponse<T extends AppRequestType = AppRequestType> =
  { ok: true; payload: AppPayload<T> } | { ok: false; error: SerializedError };

const failedResponse = z.object({ ok: z.literal(false), error: SerializedError });

export function appResponseSchema<T extends AppRequestType>(type: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), payload: APP_RESPONSE_PAYLOADS[type] }),
    failedResponse,
  ]);
}

/** Validates a response where it arrives; a malformed one becomes an error response saying so. */
export function parseAppResponse<T extends AppRequestType>(type: T, raw: unknown): AppResponse<T> {
  const parsed = appResponseSchema(type).safeParse(raw);
  if (parsed.success) return parsed.data as AppResponse<T>;
  return {
    ok: false,
    error: {
      kind: 'invalid_message',
      message: `The app sent a malformed answer to "${type}": ${z.prettifyError(parsed.error)}`,
      hint: 'The window and the app do not match: restart the app; reinstall it if this persists.',
    },
  };
}

// ---- Events ------------------------------------------------------------------------------------

export const NoticeLevel = z.enum(['info', 'warning', 'error']);
export type NoticeLevel = z.infer<typeof NoticeLevel>;

/** updated: an entry's audio was kept or removed, or it was transcribed again. */
const HistoryChangeReason = z.enum(['added', 'deleted', 'cleared', 'pruned', 'updated']);

export const AppEvent = z.discriminatedUnion('type', [
  ...dictationEventSchema.options,
  z.object({ type: z.literal('settings_changed'), timestamp, settings: Settings }),
  z.object({
    type: z.literal('history_changed'),
    timestamp,
    reason: HistoryChangeReason,
    /** The entries added or deleted, when known. */
    ids: z.array(z.string()).optional(),
  }),
  /** Something the user should read: a hotkey that could not be registered, text left on the clipboard... */
  z.object({
    type: z.literal('notice'),
    timestamp,
    level: NoticeLevel,
    message: z.string(),
    hint: z.string().optional(),
  }),
  ...JobEvent.options,
  ...ModelEvent.options,
  z.object({ type: z.literal('vad_status_changed'), timestamp, status: VadModelStatus }),
  ...WakeModelEvent.options,
  z.object({ type: z.literal('integrations_changed'), timestamp, status: IntegrationsStatus }),
  /** A session was recorded into, stopped, deleted or repaired: the Sessions view reloads. */
  z.object({ type: z.literal('sessions_changed'), timestamp, reason: SessionsChangeReason }),
]);
export type AppEvent = z.infer<typeof AppEvent>;
// ---- The backend ---------------------------------------------------------------------------------

/** What the preload's IPC handler and the WebSocket bridge put in front of the window. */
export interface AppBackend {
  readonly protocolVersion: number;
  /** Answers a request validated where it entered the process (parseAppRequest); never rejects. */
  handle(request: AppRequest): Promise<AppResponse>;
  /** Every AppEvent, in order; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

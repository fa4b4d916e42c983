import type {
  AppFeatures,
  AppPayload,
  AppRequest,
  AppRequestType,
  AudioDevice,
  LastTranscript,
} from '../../shared/app-protocol.js';
import { APP_PROTOCOL_VERSION } from '../../shared/app-ipc.js';
import { AppError } from '../../shared/errors.js';
import { exportJob, requireJobFile, requireOpenableJobFile } from './job-files.js';
import type {
  ClipboardPort,
  DesktopPort,
  DictationPort,
  HistoryPort,
  IntegrationsPort,
  JobsPort,
  ModelsPort,
  SetupPort,
  SettingsPort,
  WakeModelsPort,
} from './ports.js';
import { routeSessionRequest } from './session-requests.js';
import { routeWakeModelRequest } from './wake-model-requests.js';

export interface RouteContext {
  dictation: DictationPort;
  settings: SettingsPort;
  history: HistoryPort;
  jobs: JobsPort | undefined;
  models: ModelsPort | undefined;
  clipboard: ClipboardPort | undefined;
  desktop: DesktopPort | undefined;
  setup: SetupPort | undefined;
  /** The event API and recorded sessions; optional so cores built without them still type-check. */
  integrations?: IntegrationsPort | undefined;
  /** Wake phrase models (openWakeWord); optional like integrations. */
  wakeModels?: WakeModelsPort | undefined;
  /** Files written by job_export, which the window may open like a job's own outputs. */
  exportedFiles: Set<string>;
  lastTranscript(): LastTranscript | null;
  features: AppFeatures;
}

type Payloads = { [T in AppRequestType]: AppPayload<T> };

/** Carries out one validated request; throws AppError for what cannot be done. */
export async function routeRequest(
  request: AppRequest,
  ctx: RouteContext,
): Promise<Payloads[AppRequestType]> {
  switch (request.type) {
    case 'get_state':
      return {
        protocolVersion: APP_PROTOCOL_VERSION,
        dictation: ctx.dictation.status(),
        lastTranscript: ctx.lastTranscript(),
        settings: ctx.settings.get(),
        settingsWarnings: [...ctx.settings.warnings],
        features: ctx.features,
      } satisfies Payloads['get_state'];
    case 'dictation_start':
      await ctx.dictation.start(request.trigger);
      return ctx.dictation.status();
    case 'dictation_stop':
      await ctx.dictation.stop();
      return ctx.dictation.status();
    case 'dictation_cancel':
      await ctx.dictation.cancel();
      return ctx.dictation.status();
    case 'history_list':
      return ctx.history.page(pageRequest(request.limit, request.cursor));
    case 'history_search':
      return ctx.history.page({ ...pageRequest(request.limit, request.cursor), search: request.query });
    case 'history_delete':
      return { deleted: ctx.history.delete(request.id) } satisfies Payloads['history_delete'];
    case 'history_clear':
      return { deleted: ctx.history.deleteAll() } satisfies Payloads['history_clear'];
    case 'copy_text':
      await requireService(
        ctx.clipboard,
        'Copying to the clipboard',
        'Select the text and press Ctrl+C.',
      ).writeText(request.text);
      return { copied: true } satisfies Payloads['copy_text'];
    case 'settings_get':
      return {
        settings: ctx.settings.get(),
        warnings: [...ctx.settings.warnings],
      } satisfies Payloads['settings_get'];
    case 'settings_update':
      return ctx.settings.update(request.patch);
    case 'devices_list':
      return { devices: await listDevices(ctx.dictation) } satisfies Payloads['devices_list'];
    case 'jobs':
      return requireService(ctx.jobs, 'File transcription', RESTART_HINT).handle(request.command);
    case 'models':
      return requireService(ctx.models, 'The model manager', RESTART_HINT).handle(request.command);
    case 'job_export': {
      const jobs = requireService(ctx.jobs, 'File transcription', RESTART_HINT);
      const written = await exportJob(jobs, request.jobId, request.format);
      ctx.exportedFiles.add(written.path);
      return written;
    }
    case 'pick_files':
      return {
        paths: await requireService(ctx.desktop, 'The file dialog', DESKTOP_HINT).pickFiles(),
      } satisfies Payloads['pick_files'];
    case 'open_path': {
      const desktop = requireService(ctx.desktop, 'Opening files', DESKTOP_HINT);
      await desktop.openPath(requireOpenableJobFile(ctx.jobs, ctx.exportedFiles, request.path));
      return { opened: true } satisfies Payloads['open_path'];
    }
    case 'show_in_folder': {
      const desktop = requireService(ctx.desktop, 'Showing files in their folder', DESKTOP_HINT);
      desktop.showInFolder(requireJobFile(ctx.jobs, ctx.exportedFiles, request.path));
      return { shown: true } satisfies Payloads['show_in_folder'];
    }
    case 'vad_status':
      return requireService(ctx.setup, SETUP, RESTART_HINT).vadStatus();
    case 'vad_install':
      return requireService(ctx.setup, SETUP, RESTART_HINT).installVad();
    case 'vad_import':
      return requireService(ctx.setup, SETUP, RESTART_HINT).importVad(request.path);
    case 'microphone_check':
      return {
        open: await requireService(ctx.setup, SETUP, RESTART_HINT).checkMicrophone(request.open),
      } satisfies Payloads['microphone_check'];
    case 'choose_model_file': {
      const choose = requireService(ctx.setup?.chooseModelFile, 'The file dialog', MODEL_PATH_HINT);
      return { path: await choose.call(ctx.setup, request.purpose) } satisfies Payloads['choose_model_file'];
    }
    case 'integrations_status':
    case 'event_api_regenerate_token':
    case 'sessions_list':
    case 'session_export':
    case 'session_delete':
    case 'session_open_audio':
    case 'session_show_in_folder':
      return routeSessionRequest(request, ctx.integrations, ctx.desktop);
    case 'wake_models_list':
    case 'wake_model_install':
    case 'wake_model_import':
    case 'wake_model_remove':
      return routeWakeModelRequest(request, ctx.wakeModels);
  }
}

function pageRequest(
  limit: number | undefined,
  cursor: string | undefined,
): { limit?: number; cursor?: string } {
  const out: { limit?: number; cursor?: string } = {};
  if (limit !== undefined) out.limit = limit;
  if (cursor !== undefined) out.cursor = cursor;
  return out;
}

async function listDevices(dictation: DictationPort): Promise<AudioDevice[]> {
  if (!dictation.listDevices) {
    throw new AppError('unavailable', 'This dictation pipeline cannot list microphones.', {
      hint: 'The system default microphone is used.',
    });
  }
  const devices = await dictation.listDevices();
  return devices.map((device) => ({
    id: String(device.id),
    name: device.name,
    isDefault: device.isDefault === true,
  }));
}

const DESKTOP_HINT =
  'Only the desktop app can do this; here, open the file from your file manager (its path is on the card).';

const SETUP = 'First-run setup (VAD model, microphone check)';
const MODEL_PATH_HINT = 'Type the path of the model file instead.';

const RESTART_HINT = 'Restart the app; if it repeats, check the log file.';

function requireService<T>(service: T | undefined, what: string, hint: string): T {
  if (service === undefined) {
    throw new AppError('unavailable', `${what} is not available in this app's backend.`, { hint });
  }
  return service;
}

import type { AppHandlers } from '../../shared/app-protocol.js';
import type { ModelEvent } from '../../shared/models.js';
import type { FilePurpose, VadModelStatus } from '../../shared/setup.js';
import { requireService } from '../request-handlers.js';

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

export const SETUP_REQUESTS = [
  'vad_status',
  'vad_install',
  'vad_import',
  'microphone_check',
  'choose_model_file',
] as const;

const SETUP = 'First-run setup (VAD model, microphone check)';

/** The onboarding's steps: the VAD model, the microphone level, a model file. */
export function setupHandlers(setup: SetupPort | undefined): AppHandlers<(typeof SETUP_REQUESTS)[number]> {
  return {
    vad_status: () => requireService(setup, SETUP).vadStatus(),
    vad_install: () => requireService(setup, SETUP).installVad(),
    vad_import: (request) => requireService(setup, SETUP).importVad(request.path),
    microphone_check: async (request) => ({
      open: await requireService(setup, SETUP).checkMicrophone(request.open),
    }),
    choose_model_file: async (request) => {
      const choose = requireService(
        setup?.chooseModelFile,
        'The file dialog',
        'Type the path of the model file instead.',
      );
      return { path: await choose.call(setup, request.purpose) };
    },
  };
}

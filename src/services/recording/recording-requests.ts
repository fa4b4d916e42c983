import os from 'node:os';
import path from 'node:path';
import type { AppHandlers, AppRequest } from '../../shared/app-protocol.js';
import { AppError } from '../../shared/errors.js';
import type { SessionExportFormat, SessionList } from '../../shared/sessions.js';
import type { DesktopPort } from '../desktop/desktop-port.js';
import { requireService } from '../request-handlers.js';

/** The recorded sessions as the Sessions view needs them (RecordingService). */
export interface RecordingsPort {
  list(): SessionList;
  /** Throws session_not_found for an id that is not on disk. */
  files(id: string): { dir: string; audioFile: string };
  /** Writes the session's captions to `target`; returns the file written. */
  export(id: string, format: SessionExportFormat, target: string, overwrite: boolean): string;
  delete(id: string): void;
}

export const RECORDING_REQUESTS = [
  'sessions_list',
  'session_export',
  'session_delete',
  'session_open_audio',
  'session_show_in_folder',
] as const;

const RECORDINGS = 'Recorded sessions';
const DESKTOP_HINT =
  'Only the desktop app can do this; here, open the file from your file manager (its folder is on the card).';

/** The Sessions view: list, export captions, delete, open or reveal the audio. */
export function recordingHandlers(
  recordings: RecordingsPort | undefined,
  desktop: DesktopPort | undefined,
): AppHandlers<(typeof RECORDING_REQUESTS)[number]> {
  const library = () => requireService(recordings, RECORDINGS);
  return {
    sessions_list: () => library().list(),
    session_export: async (request) => ({ path: await exportSession(request, library(), desktop) }),
    session_delete: (request) => {
      library().delete(request.sessionId);
      return { deleted: true };
    },
    session_open_audio: async (request) => {
      const { audioFile } = library().files(request.sessionId);
      await requireService(desktop, 'Opening a recording', DESKTOP_HINT).openPath(audioFile);
      return { opened: true };
    },
    session_show_in_folder: (request) => {
      const { audioFile } = library().files(request.sessionId);
      requireService(desktop, 'Showing a recording in its folder', DESKTOP_HINT).showInFolder(audioFile);
      return { shown: true };
    },
  };
}

async function exportSession(
  request: Extract<AppRequest, { type: 'session_export' }>,
  recordings: RecordingsPort,
  desktop: DesktopPort | undefined,
): Promise<string | null> {
  const { sessionId, format } = request;
  if (request.path !== undefined) return recordings.export(sessionId, format, request.path, false);
  const choose = desktop?.chooseSavePath;
  if (!choose) {
    throw new AppError('unavailable', 'There is no save dialog here to choose where the captions go.', {
      hint: 'Type the full path of the file to write instead.',
    });
  }
  const { dir } = recordings.files(sessionId);
  const chosen = await choose.call(desktop, {
    title: 'Export the session captions',
    defaultPath: path.join(os.homedir(), `dictation-session-${path.basename(dir)}.${format}`),
    extension: format,
  });
  // The dialog already asked before replacing a file.
  return chosen === null ? null : recordings.export(sessionId, format, chosen, true);
}

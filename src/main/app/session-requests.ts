import os from 'node:os';
import path from 'node:path';
import type { AppPayload, AppRequest } from '../../shared/app-protocol.js';
import { AppError } from '../../shared/errors.js';
import type { DesktopPort, IntegrationsPort } from './ports.js';

export type SessionRequest = Extract<
  AppRequest,
  {
    type:
      | 'integrations_status'
      | 'event_api_regenerate_token'
      | 'sessions_list'
      | 'session_export'
      | 'session_delete'
      | 'session_open_audio'
      | 'session_show_in_folder';
  }
>;

const DESKTOP_HINT =
  'Only the desktop app can do this; here, open the file from your file manager (its folder is on the card).';

/** The event API's token and the recorded sessions (Settings → Integrations, the Sessions view). */
export async function routeSessionRequest(
  request: SessionRequest,
  integrations: IntegrationsPort | undefined,
  desktop: DesktopPort | undefined,
): Promise<AppPayload<SessionRequest['type']>> {
  if (!integrations) {
    throw new AppError(
      'unavailable',
      "Recorded sessions and the event API are not part of this app's backend.",
      {
        hint: 'Restart the app; if it repeats, check the log file.',
      },
    );
  }
  switch (request.type) {
    case 'integrations_status':
      return integrations.status();
    case 'event_api_regenerate_token':
      return { token: await integrations.regenerateToken() };
    case 'sessions_list':
      return integrations.listSessions();
    case 'session_export':
      return { path: await exportSession(request, integrations, desktop) };
    case 'session_delete':
      integrations.deleteSession(request.sessionId);
      return { deleted: true };
    case 'session_open_audio': {
      const { audioFile } = integrations.sessionFiles(request.sessionId);
      await requireDesktop(desktop, 'Opening a recording').openPath(audioFile);
      return { opened: true };
    }
    case 'session_show_in_folder': {
      const { audioFile } = integrations.sessionFiles(request.sessionId);
      requireDesktop(desktop, 'Showing a recording in its folder').showInFolder(audioFile);
      return { shown: true };
    }
  }
}

async function exportSession(
  request: Extract<SessionRequest, { type: 'session_export' }>,
  integrations: IntegrationsPort,
  desktop: DesktopPort | undefined,
): Promise<string | null> {
  const { sessionId, format } = request;
  if (request.path !== undefined) return integrations.exportSession(sessionId, format, request.path, false);
  const choose = desktop?.chooseSavePath;
  if (!choose) {
    throw new AppError('unavailable', 'There is no save dialog here to choose where the captions go.', {
      hint: 'Type the full path of the file to write instead.',
    });
  }
  const { dir } = integrations.sessionFiles(sessionId);
  const chosen = await choose.call(desktop, {
    title: 'Export the session captions',
    defaultPath: path.join(os.homedir(), `dictation-session-${path.basename(dir)}.${format}`),
    extension: format,
  });
  // The dialog already asked before replacing a file.
  return chosen === null ? null : integrations.exportSession(sessionId, format, chosen, true);
}

function requireDesktop(desktop: DesktopPort | undefined, what: string): DesktopPort {
  if (!desktop)
    throw new AppError('unavailable', `${what} is not available in this app's backend.`, {
      hint: DESKTOP_HINT,
    });
  return desktop;
}

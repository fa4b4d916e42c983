import type { RecordedSessionInfo } from '../../shared/sessions.js';
import { formatDuration } from '../common/format.js';

/** "Length 1 min 05 s · 3 dictations · ggml-base.en.bin · language en" */
export function sessionDetails(session: RecordedSessionInfo): string {
  const dictations = session.dictations === 1 ? '1 dictation' : `${session.dictations} dictations`;
  const language = session.language === 'auto' ? 'language detected' : `language ${session.language}`;
  return [`Length ${formatDuration(session.durationMs)}`, dictations, session.model, language].join(' · ');
}

/** A file in the session's folder, with the folder's own separator. */
export function besideSession(session: RecordedSessionInfo, name: string): string {
  const separator = session.folder.includes('\\') && !session.folder.includes('/') ? '\\' : '/';
  return `${session.folder}${separator}${name}`;
}

import type { AppEvent, LastTranscript } from '../../shared/app-protocol.js';
import type { AppStoreState, Notice } from './app-store.js';

export type EventEffect = { state: Partial<AppStoreState>; notice?: Omit<Notice, 'id'> };

/** What one event from the app changes in the window's state (pure: the tests check it directly). */
export function applyEvent(state: AppStoreState, event: AppEvent): EventEffect {
  switch (event.type) {
    case 'state': {
      const recording = event.status.phase === 'recording';
      const newSession = event.status.sessionId !== state.status.sessionId;
      return {
        state: {
          status: event.status,
          level: recording ? state.level : 0,
          partial: recording && newSession ? null : state.partial,
        },
      };
    }
    case 'level':
      return state.status.phase === 'recording' ? { state: { level: event.rms } } : { state: {} };
    case 'transcript':
      if (!event.isFinal) {
        const { sessionId, text, committedText } = event;
        return {
          state: {
            partial: committedText === undefined ? { sessionId, text } : { sessionId, text, committedText },
          },
        };
      }
      // The final text replaces the partial one (an empty result leaves the last transcript as it was).
      if (event.text.trim().length === 0) return { state: { partial: null } };
      return { state: { partial: null, lastTranscript: lastTranscriptOf(event, null) } };
    case 'delivered':
      return { state: { partial: null, lastTranscript: lastTranscriptOf(event, event.notice) } };
    case 'no_speech':
      return {
        state: { partial: null },
        notice: { level: 'info', message: 'No words were recognised, so nothing was typed.' },
      };
    case 'settings_changed':
      return { state: { settings: event.settings } };
    case 'history_changed':
      return { state: { historyVersion: state.historyVersion + 1 } };
    case 'notice':
      // A delivery notice is already shown with the transcript it belongs to.
      if (event.message === state.lastTranscript?.notice) return { state: {} };
      return {
        state: {},
        notice:
          event.hint === undefined
            ? { level: event.level, message: event.message }
            : { level: event.level, message: event.message, hint: event.hint },
      };
    default:
      // Speech boundaries, jobs and models: shown by views that subscribe to them.
      return { state: {} };
  }
}

function lastTranscriptOf(
  event: { sessionId: string; text: string; timestamp: number; raw?: string; engine?: string },
  notice: string | null,
): LastTranscript {
  const last: LastTranscript = {
    sessionId: event.sessionId,
    text: event.text,
    timestamp: event.timestamp,
    notice,
  };
  if (event.engine !== undefined) last.engine = event.engine;
  return event.raw === undefined ? last : { ...last, raw: event.raw };
}

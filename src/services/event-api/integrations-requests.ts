import type { AppHandlers } from '../../shared/app-protocol.js';
import type {
  EventApiState,
  IntegrationsStatus,
  ServeState,
  SessionsChangeReason,
} from '../../shared/sessions.js';
import { requireService } from '../request-handlers.js';

/** A local server of Settings → Integrations: its state, and a new token on request. */
interface ServerPort<State> {
  state(): State;
  regenerateToken(): Promise<string>;
  onChange(listener: () => void): () => void;
}

/**
 * Settings → Integrations: the event API (EventApiService), the transcription server (ServeService)
 * and whether a session is recording.
 */
export interface IntegrationsPort {
  eventApi: ServerPort<EventApiState>;
  serve: ServerPort<ServeState>;
  recording: {
    readonly sessionsDir: string;
    currentId(): string | null;
    onChange(listener: (reason: SessionsChangeReason) => void): () => void;
  };
}

export type IntegrationsEvent =
  | { type: 'integrations_changed'; timestamp: number; status: IntegrationsStatus }
  | { type: 'sessions_changed'; timestamp: number; reason: SessionsChangeReason };

export const INTEGRATIONS_REQUESTS = [
  'integrations_status',
  'event_api_regenerate_token',
  'serve_regenerate_token',
] as const;

function integrationsStatus(port: IntegrationsPort): IntegrationsStatus {
  return {
    eventApi: port.eventApi.state(),
    serve: port.serve.state(),
    recordingSessionId: port.recording.currentId(),
    sessionsDir: port.recording.sessionsDir,
  };
}

export function integrationsHandlers(
  port: IntegrationsPort | undefined,
): AppHandlers<(typeof INTEGRATIONS_REQUESTS)[number]> {
  const WHAT = 'The event API, the transcription server and recorded sessions';
  return {
    integrations_status: () => integrationsStatus(requireService(port, WHAT)),
    event_api_regenerate_token: async () => ({
      token: await requireService(port, WHAT).eventApi.regenerateToken(),
    }),
    serve_regenerate_token: async () => ({
      token: await requireService(port, WHAT).serve.regenerateToken(),
    }),
  };
}

/** The window's events of this feature: the status when it changes, and the sessions list's changes. */
export function integrationsEvents(
  port: IntegrationsPort,
  emit: (event: IntegrationsEvent) => void,
): () => void {
  let last = JSON.stringify(integrationsStatus(port));
  const statusMayHaveChanged = (): void => {
    const status = integrationsStatus(port);
    const now = JSON.stringify(status);
    if (now === last) return;
    last = now;
    emit({ type: 'integrations_changed', timestamp: Date.now(), status });
  };
  const offApi = port.eventApi.onChange(statusMayHaveChanged);
  const offServe = port.serve.onChange(statusMayHaveChanged);
  const offRecording = port.recording.onChange((reason) => {
    emit({ type: 'sessions_changed', timestamp: Date.now(), reason });
    statusMayHaveChanged();
  });
  return () => {
    offApi();
    offServe();
    offRecording();
  };
}

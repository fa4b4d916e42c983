import { z } from 'zod';

/**
 * Recorded sessions ("Record sessions" in Settings → Integrations) and the state of the local event API,
 * as the window sees them. Main reads them from src/services/recording.
 */

/** One session folder: audio.wav + captions.vtt + session.json. */
export const RecordedSessionInfo = z.object({
  id: z.uuid(),
  startedAt: z.string(),
  /** null while it is being recorded. */
  endedAt: z.string().nullable(),
  /** Length of the audio in the WAV. */
  durationMs: z.number().nonnegative(),
  dictations: z.number().int().nonnegative(),
  model: z.string(),
  language: z.string(),
  appVersion: z.string(),
  /** The app died during the session; the WAV header and end time were repaired on the next start. */
  recovered: z.boolean(),
  /** The session "Record sessions" is writing to right now. */
  inProgress: z.boolean(),
  folder: z.string(),
  audioFile: z.string(),
});
export type RecordedSessionInfo = z.infer<typeof RecordedSessionInfo>;

export const SessionList = z.object({
  sessions: z.array(RecordedSessionInfo),
  /** Where sessions are written (shown with the "Record sessions" switch). */
  sessionsDir: z.string(),
});
export type SessionList = z.infer<typeof SessionList>;

/** Caption formats a session exports to (JSON timings are for file jobs only). */
export const SessionExportFormat = z.enum(['vtt', 'srt', 'txt']);
export type SessionExportFormat = z.infer<typeof SessionExportFormat>;

/** The states every local server shares: off, starting on a port, and why it is not listening. */
const ServerOff = z.object({ state: z.literal('off') });
const ServerStarting = z.object({ state: z.literal('starting'), port: z.number().int() });
const ServerFailed = z.object({
  state: z.literal('failed'),
  port: z.number().int(),
  message: z.string(),
  hint: z.string(),
});

/** A local server's state: off, starting, listening (with what clients need to know) or failed. */
function serverState<L extends z.ZodRawShape>(listening: L) {
  return z.discriminatedUnion('state', [
    ServerOff,
    ServerStarting,
    z.object({ state: z.literal('listening'), port: z.number().int(), ...listening }),
    ServerFailed,
  ]);
}

export const EventApiState = serverState({
  /** What clients connect to (the token goes in ?token= or an Authorization header). */
  url: z.string(),
  clients: z.number().int().nonnegative(),
});
export type EventApiState = z.infer<typeof EventApiState>;

/** "Serve my engine to other programs": the OpenAI-compatible transcription server. */
export const ServeState = serverState({
  host: z.string(),
  /** What OpenAI clients are given as their base URL (with the token as their API key). */
  baseUrl: z.string(),
});
export type ServeState = z.infer<typeof ServeState>;

export const IntegrationsStatus = z.object({
  eventApi: EventApiState,
  serve: ServeState,
  /** The id of the session being recorded now, or null. */
  recordingSessionId: z.string().nullable(),
  sessionsDir: z.string(),
});
export type IntegrationsStatus = z.infer<typeof IntegrationsStatus>;

export const SessionsChangeReason = z.enum(['recorded', 'stopped', 'deleted', 'repaired']);
export type SessionsChangeReason = z.infer<typeof SessionsChangeReason>;

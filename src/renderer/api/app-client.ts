import {
  AppEvent,
  parseAppResponse,
  type AppRequestOf,
  type AppRequestType,
  type AppResponse,
} from '../../shared/app-protocol.js';
import type { SerializedError } from '../../shared/errors.js';

/** The window's connection to the app: the preload's IPC in Electron, or the loopback bridge. */
export interface AppClient {
  /** How the window reaches the app, for the status line. */
  readonly transport: 'preload' | 'bridge';
  /** The protocol the app speaks (compared with the window's own at start). */
  readonly backendProtocolVersion: number;
  invoke<T extends AppRequestType>(request: AppRequestOf<T>): Promise<AppResponse<T>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** Called once if the connection goes away (bridge closed); never for the preload. */
  onLost(listener: (error: SerializedError) => void): void;
  close(): void;
}

/** Validates an event where it arrives; a malformed one is reported instead of half-applied. */
export function deliverEvent(
  raw: unknown,
  listener: (event: AppEvent) => void,
  onInvalid: (error: SerializedError) => void,
): void {
  const parsed = AppEvent.safeParse(raw);
  if (parsed.success) {
    listener(parsed.data);
    return;
  }
  const type = raw && typeof raw === 'object' && 'type' in raw ? String(raw.type) : '(no type)';
  onInvalid({
    kind: 'invalid_message',
    message: `The app sent an event the window cannot read (${type}).`,
    hint: 'Restart the app; if it repeats, reinstall it.',
  });
}

export function transportError(type: string, error: unknown): SerializedError {
  return {
    kind: 'internal',
    message: `The request "${type}" did not reach the app: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'Restart the app; if it repeats, check the log file.',
  };
}

export { parseAppResponse };

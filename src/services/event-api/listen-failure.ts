import { serializeError } from '../../shared/errors.js';
import type { EventApiState } from '../../shared/sessions.js';

/** Why the server is not listening, in words a person can act on (a port in use is the usual case). */
export function listenFailure(error: unknown, port: number): Extract<EventApiState, { state: 'failed' }> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return {
      state: 'failed',
      port,
      message: `Port ${port} is already in use by another program, so the local event API is not listening.`,
      hint: `Choose another port (1024–65535) in Settings → Integrations and save, or quit the program that uses port ${port}.`,
    };
  }
  if (code === 'EACCES') {
    return {
      state: 'failed',
      port,
      message: `This system does not allow the app to listen on port ${port}, so the local event API is off.`,
      hint: 'Choose another port (1024–65535) in Settings → Integrations and save.',
    };
  }
  return {
    state: 'failed',
    port,
    message: `The local event API could not start on port ${port}: ${serializeError(error).message}`,
    hint: 'Choose another port in Settings → Integrations and save; if it repeats, check the log file.',
  };
}

import { serializeError } from '../../shared/errors.js';

export interface ListenFailure {
  state: 'failed';
  port: number;
  message: string;
  hint: string;
}

/**
 * Why a local server is not listening, in words a person can act on (a port in use is the usual case).
 * `what` names the server in a sentence ("the local event API").
 */
export function listenFailure(error: unknown, port: number, what = 'the local event API'): ListenFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return {
      state: 'failed',
      port,
      message: `Port ${port} is already in use by another program, so ${what} is not listening.`,
      hint: `Choose another port (1024–65535) in Settings → Integrations and save, or quit the program that uses port ${port}.`,
    };
  }
  if (code === 'EACCES') {
    return {
      state: 'failed',
      port,
      message: `This system does not allow the app to listen on port ${port}, so ${what} is off.`,
      hint: 'Choose another port (1024–65535) in Settings → Integrations and save.',
    };
  }
  if (code === 'EADDRNOTAVAIL') {
    return {
      state: 'failed',
      port,
      message: `This computer has no network address ${(error as { address?: string }).address ?? ''}, so ${what} is not listening.`,
      hint: 'Use 127.0.0.1 (this computer only), 0.0.0.0 (every network) or one of this computer’s own addresses in Settings → Integrations.',
    };
  }
  const named = what.charAt(0).toUpperCase() + what.slice(1);
  return {
    state: 'failed',
    port,
    message: `${named} could not start on port ${port}: ${serializeError(error).message}`,
    hint: 'Choose another port in Settings → Integrations and save; if it repeats, check the log file.',
  };
}

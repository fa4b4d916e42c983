import type { Logger } from 'pino';
import { serializeError } from '../../shared/errors.js';

/** A rejection handler for work nobody waits for: the error is logged as `event` and goes no further. */
export function logRejection(
  logger: Logger,
  event: string,
  message: string,
  level: 'error' | 'warn' = 'error',
): (error: unknown) => void {
  return (error) => logger[level]({ event, error: serializeError(error) }, message);
}

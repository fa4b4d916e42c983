import { AppError } from '../shared/errors.js';

const RESTART_HINT = 'Restart the app; if it repeats, check the log file.';

/** Throws the "not in this backend" error when a feature's service is absent. */
export function requireService<T>(service: T | undefined, what: string, hint = RESTART_HINT): T {
  if (service === undefined) {
    throw new AppError('unavailable', `${what} is not available in this app's backend.`, { hint });
  }
  return service;
}

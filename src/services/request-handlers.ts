import type { AppHandlers, AppRequestType } from '../shared/app-protocol.js';
import { AppError } from '../shared/errors.js';

export const RESTART_HINT = 'Restart the app; if it repeats, check the log file.';

/** Throws the "not in this backend" error when a feature's service is absent. */
export function requireService<T>(service: T | undefined, what: string, hint = RESTART_HINT): T {
  if (service === undefined) {
    throw new AppError('unavailable', `${what} is not available in this app's backend.`, { hint });
  }
  return service;
}

/** The table of a feature this backend lacks: each of its requests answers that it is not here. */
export function unavailableHandlers<T extends AppRequestType>(
  types: readonly T[],
  what: string,
  hint = RESTART_HINT,
): AppHandlers<T> {
  const refuse = (): never => requireService<never>(undefined, what, hint);
  return Object.fromEntries(types.map((type) => [type, refuse])) as unknown as AppHandlers<T>;
}

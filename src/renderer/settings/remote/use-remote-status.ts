import type { RemoteEngineHealth } from '../../../shared/remote-engines.js';
import { invoke } from '../../store/requests.js';
import { useLiveValue } from '../../store/use-live-value.js';

/** Asked again this often while the section is shown: the app checks every engine each time. */
const REFRESH_MS = 15_000;

const load = async (): Promise<RemoteEngineHealth[] | null> => {
  const response = await invoke({ type: 'remote_engines_check' });
  return response.ok ? response.payload.engines : null;
};

/** Up or down, per remote engine id, checked when the section is shown and every 15 s. */
export function useRemoteStatus(): RemoteEngineHealth[] | null {
  return useLiveValue(load, () => undefined, REFRESH_MS);
}

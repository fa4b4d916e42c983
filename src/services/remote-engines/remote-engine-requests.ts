import type { AppHandlers } from '../../shared/app-protocol.js';
import { requireService } from '../request-handlers.js';
import type { RemoteEnginesService } from './remote-engines-service.js';

export const REMOTE_ENGINE_REQUESTS = [
  'remote_engines_status',
  'remote_engines_check',
  'remote_engine_key',
] as const;

/** Settings → Remote engines: up/down, "Check now", the API key field. */
export function remoteEngineHandlers(
  service: RemoteEnginesService | undefined,
): AppHandlers<(typeof REMOTE_ENGINE_REQUESTS)[number]> {
  const remote = () => requireService(service, 'Remote engines');
  return {
    remote_engines_status: () => ({ engines: remote().status() }),
    remote_engines_check: async () => ({ engines: await remote().checkAll() }),
    remote_engine_key: async (request) => {
      await remote().setApiKey(request.id, request.apiKey);
      return { stored: request.apiKey !== null && request.apiKey !== '' };
    },
  };
}

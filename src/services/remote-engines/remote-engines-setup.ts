import path from 'node:path';
import type { RemoteSettings } from '../../shared/remote-settings.js';
import type { PieceQueueOptions } from '../jobs/pieces/piece-setup.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { NO_CIPHER, SealedApiKeyStore, type SecretCipher } from './api-key-store.js';
import { RemoteDictation, type RemoteDictationDeps } from './remote-dictation.js';
import { RemoteEnginesService } from './remote-engines-service.js';

/** The app's remote engines: settings.remote, keys sealed in remote-keys.json beside settings.json. */
export function createRemoteEngines(deps: {
  settings: SettingsStore;
  dataDir: string;
  logger: Logger;
  cipher: SecretCipher | undefined;
}): RemoteEnginesService {
  const { settings } = deps;
  return new RemoteEnginesService({
    settings: () => settings.get().remote,
    markKey: async (id, hasApiKey) => {
      const engines = settings.get().remote.engines.map((e) => (e.id === id ? { ...e, hasApiKey } : e));
      await settings.update({ remote: { engines } });
    },
    keys: new SealedApiKeyStore(path.join(deps.dataDir, 'remote-keys.json'), deps.cipher ?? NO_CIPHER),
    logger: deps.logger.child({ component: 'remote-engines' }),
  });
}

/** File jobs in pieces over the enabled remote engines (and the local one unless turned off); null: none. */
export async function pieceOptionsFor(
  remote: RemoteSettings,
  service: RemoteEnginesService,
): Promise<PieceQueueOptions | null> {
  if (!remote.useForFiles) return null;
  const remotes = await service.specs();
  if (remotes.length === 0) return null;
  return {
    remotes,
    localConcurrency: remote.localForFiles ? 1 : 0,
    split: { targetMs: remote.pieceSeconds * 1000 },
  };
}

/**
 * Everything remote the app runs: the engines service, the file-job pieces over it (the engine list is
 * read once here: changes apply to file jobs from the next start) and dictation with a remote engine.
 */
export async function setUpRemoteEngines(
  deps: Parameters<typeof createRemoteEngines>[0] &
    Pick<RemoteDictationDeps, 'pendingAudio' | 'deliver' | 'recognition'>,
): Promise<{ engines: RemoteEnginesService; pieces: PieceQueueOptions | null; dictation: RemoteDictation }> {
  const engines = createRemoteEngines(deps);
  const pieces = await pieceOptionsFor(deps.settings.get().remote, engines);
  const dictation = new RemoteDictation({
    settings: () => deps.settings.get().remote,
    pendingAudio: deps.pendingAudio,
    endpoint: (id) => engines.endpointFor(id),
    deliver: deps.deliver,
    recognition: deps.recognition,
    logger: deps.logger.child({ component: 'remote-dictation' }),
  });
  return { engines, pieces, dictation };
}

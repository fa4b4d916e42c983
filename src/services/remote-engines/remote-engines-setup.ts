import path from 'node:path';
import type { RemoteSettings } from '../../shared/remote-settings.js';
import type { PieceOptionsSource, PieceQueueOptions } from '../jobs/pieces/piece-setup.js';
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
 * The file queue's pieces, following settings.remote live: read again as each job starts (the keys from
 * the secret store too), and the queue told when settings.remote changes, so an engine added, removed,
 * turned on or off or given a key in Settings is used from the next job on.
 */
export function livePieceOptions(settings: SettingsStore, service: RemoteEnginesService): PieceOptionsSource {
  return {
    read: () => pieceOptionsFor(settings.get().remote, service),
    onChange: (listener) =>
      settings.subscribe((next, previous) => {
        if (JSON.stringify(next.remote) !== JSON.stringify(previous.remote)) listener();
      }),
  };
}

/**
 * Everything remote the app runs: the engines service, the file-job pieces over it (followed live, see
 * livePieceOptions) and dictation with a remote engine.
 */
export async function setUpRemoteEngines(
  deps: Parameters<typeof createRemoteEngines>[0] &
    Pick<RemoteDictationDeps, 'pendingAudio' | 'deliver' | 'recognition'>,
): Promise<{ engines: RemoteEnginesService; pieces: PieceOptionsSource; dictation: RemoteDictation }> {
  const engines = createRemoteEngines(deps);
  const pieces = livePieceOptions(deps.settings, engines);
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

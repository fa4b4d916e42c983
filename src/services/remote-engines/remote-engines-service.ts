import type { Logger } from 'pino';
import { serializeError } from '../../shared/errors.js';
import type { RemoteEngineHealth } from '../../shared/remote-engines.js';
import type { RemoteEngineSetting, RemoteSettings } from '../../shared/remote-settings.js';
import type { RemoteEngineSpec } from '../jobs/pieces/piece-setup.js';
import type { ApiKeyStore } from './api-key-store.js';
import { OpenAiTranscriptionClient, type RemoteEndpoint } from './openai-transcription-client.js';

export interface RemoteEnginesDeps {
  settings: () => RemoteSettings;
  /** Records that an engine has (or no longer has) a stored key. */
  markKey: (id: string, hasKey: boolean) => Promise<void>;
  keys: ApiKeyStore;
  logger: Logger;
}

/**
 * The remote engines the user added: their health as the window shows it (checked on request), their
 * API keys in the secret store, and what the file queue needs to use them.
 */
export class RemoteEnginesService {
  private readonly health = new Map<string, RemoteEngineHealth>();

  constructor(private readonly deps: RemoteEnginesDeps) {}

  private engines(): RemoteEngineSetting[] {
    return this.deps.settings().engines;
  }

  /** Last known state of every engine in the settings (unknown until checked). */
  status(): RemoteEngineHealth[] {
    return this.engines().map(
      (engine) => this.health.get(engine.id) ?? { id: engine.id, state: 'unknown', checkedAt: null },
    );
  }

  /** Checks every enabled engine now (GET {base}/models, else a tiny request). */
  async checkAll(): Promise<RemoteEngineHealth[]> {
    await Promise.all(
      this.engines()
        .filter((e) => e.enabled)
        .map(async (engine) => {
          const client = new OpenAiTranscriptionClient(await this.endpoint(engine), {
            healthTimeoutMs: 4000,
          });
          const result = await client.checkHealth();
          const health: RemoteEngineHealth = {
            id: engine.id,
            state: result.up ? 'up' : 'down',
            checkedAt: Date.now(),
            ...(result.error ? { reason: result.error.message } : {}),
            ...(result.models ? { models: result.models } : {}),
          };
          this.health.set(engine.id, health);
          this.deps.logger.info(
            {
              event: 'remote_engine_checked',
              engine: engine.name,
              state: health.state,
              reason: health.reason,
            },
            'remote engine checked',
          );
        }),
    );
    return this.status();
  }

  async setApiKey(id: string, key: string | null): Promise<void> {
    if (key === null || key === '') await this.deps.keys.delete(id);
    else await this.deps.keys.set(id, key);
    await this.deps.markKey(id, key !== null && key !== '');
  }

  /** The enabled engines with their keys, for the file queue. */
  async specs(): Promise<RemoteEngineSpec[]> {
    const specs: RemoteEngineSpec[] = [];
    for (const engine of this.engines().filter((e) => e.enabled)) {
      const endpoint = await this.endpoint(engine);
      specs.push({ config: engine, apiKey: endpoint.apiKey });
    }
    return specs;
  }

  /** One engine's address, model and key, or null when it is not in the settings. */
  async endpointFor(id: string): Promise<RemoteEndpoint | null> {
    const engine = this.engines().find((e) => e.id === id);
    return engine ? this.endpoint(engine) : null;
  }

  private async endpoint(engine: RemoteEngineSetting): Promise<RemoteEndpoint> {
    let apiKey: string | undefined;
    if (engine.hasApiKey) {
      try {
        apiKey = await this.deps.keys.get(engine.id);
      } catch (error) {
        this.deps.logger.warn({ engine: engine.name, error: serializeError(error) }, 'API key unavailable');
      }
    }
    return { name: engine.name, baseUrl: engine.baseUrl, model: engine.model, apiKey };
  }
}

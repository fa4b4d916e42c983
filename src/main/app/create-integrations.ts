import type { EngineChannel } from '../../engine/client/engine-client.js';
import type { JobEvent } from '../../shared/jobs.js';
import type { DictationController } from '../../services/dictation/dictation-controller.js';
import type { EngineHost } from '../../services/engine-host/engine-host.js';
import { EventApiService } from '../../services/event-api/event-api-service.js';
import type { Logger } from '../../services/logging/logger.js';
import { RecordingService } from '../../services/recording/recording-service.js';
import type { SettingsStore } from '../../services/settings/settings-store.js';
import { ServeService } from '../../services/transcription-server/serve-service.js';

export interface IntegrationsOptions {
  settings: SettingsStore;
  dictation: DictationController;
  engine: EngineHost;
  subscribeJobs: ((listener: (event: JobEvent) => void) => () => void) | undefined;
  sessionsDir: string;
  /** The transcription server starts an engine process of its own with this. */
  startEngineChannel: () => EngineChannel;
  /** The model the app dictates with now, or null. */
  activeModel: () => string | null;
  logger: Logger;
  notify: (message: string, hint?: string) => void;
}

/**
 * Settings → Integrations, wired: the local event API, "Record sessions" and "Serve my engine to other
 * programs" (each follows its settings on its own), started and stopped together.
 */
export function createIntegrations(options: IntegrationsOptions) {
  const { settings, logger, notify } = options;
  const eventApi = new EventApiService({
    settings,
    dictation: options.dictation,
    engine: options.engine,
    subscribeJobs: options.subscribeJobs,
    logger: logger.child({ component: 'event-api' }),
    notify,
  });
  const recording = new RecordingService({
    settings,
    sessionsDir: options.sessionsDir,
    logger: logger.child({ component: 'recording' }),
    notify,
  });
  const serve = new ServeService({
    settings,
    startEngineChannel: options.startEngineChannel,
    activeModel: options.activeModel,
    logger: logger.child({ component: 'serve' }),
    notify,
  });
  return {
    eventApi,
    recording,
    serve,
    async start(): Promise<void> {
      recording.start();
      await eventApi.start();
      await serve.start();
    },
    /** Each stops even when another fails; failures are reported to `failed`. */
    async stop(failed: (step: string) => (error: unknown) => void): Promise<void> {
      recording.stop();
      await Promise.all([eventApi.stop().catch(failed('event_api')), serve.stop().catch(failed('serve'))]);
    },
  };
}

export type Integrations = ReturnType<typeof createIntegrations>;

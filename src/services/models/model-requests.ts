import type { AppHandlers } from '../../shared/app-protocol.js';
import type { ModelCommand, ModelEvent } from '../../shared/models.js';
import { requireService } from '../request-handlers.js';

export interface ModelsPort {
  handle(command: ModelCommand): Promise<ModelEvent>;
  onEvent(listener: (event: ModelEvent) => void): () => void;
}

export const MODEL_REQUESTS = ['models'] as const;

/** The Models view: list, download, pause, import, remove, use. */
export function modelHandlers(models: ModelsPort | undefined): AppHandlers<(typeof MODEL_REQUESTS)[number]> {
  return {
    models: (request) => requireService(models, 'The model manager').handle(request.command),
  };
}

import { serializeError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';

/** Fans events out to listeners; one that throws is logged and does not stop the others. */
export class EventHub<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(
    private readonly logger: Logger,
    private readonly name: string,
  ) {}

  subscribe(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(
          { event: 'listener_failed', hub: this.name, error: serializeError(error) },
          'a listener threw',
        );
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}

import type { DictationEvent } from '../../shared/dictation.js';
import type { DictationController } from '../dictation/dictation-controller.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import type { EventApiBackend } from './event-api-server.js';

type Broadcast = Parameters<Parameters<EventApiBackend['subscribe']>[0]>[0];

/** Dictation events in the event API's shapes: state and transcripts (levels are not broadcast). */
function toApiEvent(event: DictationEvent): Broadcast | null {
  switch (event.type) {
    case 'state':
      return { type: 'state', timestamp: event.timestamp, status: event.status };
    case 'transcript':
      return {
        type: 'transcript',
        timestamp: event.timestamp,
        sessionId: event.sessionId,
        text: event.text,
        isFinal: event.isFinal,
        ...(event.committedText !== undefined ? { committedText: event.committedText } : {}),
      };
    default:
      return null;
  }
}

/** The event API over the app's dictation controller and engine host. */
export function dictationApiBackend(
  controller: DictationController,
  engine: EngineHost,
  appVersion: string,
  extraEvents?: (listener: (event: Broadcast) => void) => () => void,
): EventApiBackend {
  return {
    appVersion,
    status: () => ({
      engine: engine.state,
      model: engine.loadedModel?.path ?? null,
      dictation: controller.status(),
    }),
    start: async () => {
      await controller.start('api');
    },
    stop: () => controller.stop(),
    cancel: () => controller.cancel(),
    subscribe: (listener) => {
      const offDictation = controller.subscribe((event) => {
        const mapped = toApiEvent(event);
        if (mapped) listener(mapped);
      });
      const offExtra = extraEvents?.(listener);
      return () => {
        offDictation();
        offExtra?.();
      };
    },
  };
}

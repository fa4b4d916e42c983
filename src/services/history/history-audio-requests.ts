import type { AppHandlers } from '../../shared/app-protocol.js';
import type { HistoryEntry } from '../../shared/history.js';
import { requireService } from '../request-handlers.js';
import type { RetranscribeRequest } from './retranscribe.js';

/** The kept audio of dictations: play it, transcribe it again. */
export interface HistoryAudioPort {
  wav(id: string): Promise<Buffer>;
  retranscribe(request: RetranscribeRequest): Promise<HistoryEntry>;
}

export const HISTORY_AUDIO_REQUESTS = ['history_audio', 'history_retranscribe'] as const;

export function historyAudioHandlers(
  audio: HistoryAudioPort | undefined,
): AppHandlers<(typeof HISTORY_AUDIO_REQUESTS)[number]> {
  const port = () => requireService(audio, 'Kept dictation audio');
  return {
    history_audio: async (request) => ({
      mime: 'audio/wav',
      base64: (await port().wav(request.id)).toString('base64'),
    }),
    history_retranscribe: (request) =>
      port().retranscribe({ id: request.id, model: request.model, mode: request.mode }),
  };
}

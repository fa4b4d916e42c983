import type { AppEvent } from '../../shared/app-protocol.js';
import type { SpeechModelStatus } from '../../shared/speech-model-status.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';
import { useLiveValue } from '../store/use-live-value.js';

/** How often the picker asks again: a saved model setting or a download reloads the model. */
const REFRESH_MS = 2000;

const load = async (): Promise<SpeechModelStatus | null> => {
  const response = await invoke({ type: 'speech_model_status' });
  return response.ok ? response.payload : null;
};
// Saved settings may change the model: ask again at once.
const onEvent = (event: AppEvent, { reload }: { reload: () => void }) => {
  if (event.type === 'settings_changed') reload();
};

/** The model the engine has loaded and why the chosen one is not (null until known or where unsupported). */
export function useSpeechModelStatus(): SpeechModelStatus | null {
  const available = useAppStore((state) => state.features.speechModelStatus === true);
  return useLiveValue(load, onEvent, REFRESH_MS, available);
}

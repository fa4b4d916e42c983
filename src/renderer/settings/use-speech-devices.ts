import type { SpeechDevices } from '../../shared/speech-devices.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';
import { useLiveValue } from '../store/use-live-value.js';

/** How often the section asks again: a saved GPU setting reloads the model, and a fallback can happen any time. */
const REFRESH_MS = 3000;

const load = async (): Promise<SpeechDevices | null> => {
  const response = await invoke({ type: 'speech_devices' });
  return response.ok ? response.payload : null;
};
const onEvent = () => {};

/** The GPUs the speech engine found and where the model runs now (null until known or where unsupported). */
export function useSpeechDevices(): SpeechDevices | null {
  const available = useAppStore((state) => state.features.speechDevices === true);
  return useLiveValue(load, onEvent, REFRESH_MS, available);
}

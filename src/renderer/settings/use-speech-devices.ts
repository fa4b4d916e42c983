import { useEffect, useState } from 'react';
import type { SpeechDevices } from '../../shared/speech-devices.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/** How often the section asks again: a saved GPU setting reloads the model, and a fallback can happen any time. */
const REFRESH_MS = 3000;

/** The GPUs the speech engine found and where the model runs now (null until known or where unsupported). */
export function useSpeechDevices(): SpeechDevices | null {
  const available = useAppStore(
    (state) => state.features.speechDevices === true && state.connection.status === 'ready',
  );
  const [devices, setDevices] = useState<SpeechDevices | null>(null);
  useEffect(() => {
    if (!available) return;
    let current = true;
    const ask = () =>
      void invoke({ type: 'speech_devices' }).then((response) => {
        if (current && response.ok) setDevices(response.payload);
      });
    ask();
    const timer = setInterval(ask, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [available]);
  return devices;
}

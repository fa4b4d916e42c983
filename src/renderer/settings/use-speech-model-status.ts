import { useEffect, useState } from 'react';
import type { SpeechModelStatus } from '../../shared/speech-model-status.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/** How often the picker asks again: a saved model setting or a download reloads the model. */
const REFRESH_MS = 2000;

/** The model the engine has loaded and why the chosen one is not (null until known or where unsupported). */
export function useSpeechModelStatus(): SpeechModelStatus | null {
  const available = useAppStore(
    (state) => state.features.speechModelStatus === true && state.connection.status === 'ready',
  );
  const settings = useAppStore((state) => state.settings);
  const [status, setStatus] = useState<SpeechModelStatus | null>(null);
  useEffect(() => {
    if (!available) return;
    let current = true;
    const ask = () =>
      void invoke({ type: 'speech_model_status' }).then((response) => {
        if (current && response.ok) setStatus(response.payload);
      });
    ask();
    const timer = setInterval(ask, REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
    // Saved settings may change the model: ask again at once.
  }, [available, settings]);
  return status;
}

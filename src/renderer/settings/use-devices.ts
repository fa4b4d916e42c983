import { useEffect, useState } from 'react';
import type { AudioDevice } from '../../shared/app-protocol.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/** The microphones the app can see (empty where the backend cannot list them). */
export function useDevices(): { devices: AudioDevice[]; error: string | null } {
  const available = useAppStore((state) => state.features.devices && state.connection.status === 'ready');
  const [devices, setDevices] = useState<AudioDevice[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!available) return;
    let current = true;
    void invoke({ type: 'devices_list' }).then((response) => {
      if (!current) return;
      if (response.ok) setDevices(response.payload.devices);
      else setError(response.error.message);
    });
    return () => {
      current = false;
    };
  }, [available]);
  return { devices, error };
}

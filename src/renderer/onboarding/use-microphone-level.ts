import { useEffect, useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import { useAppStore } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

export interface MicrophoneCheck {
  /** 0..1 RMS of the last block heard. */
  level: number;
  /** The loudest block so far (0..1), so a single word shows it works. */
  peak: number;
  open: boolean;
  error: SerializedError | null;
}

/** Opens the microphone while mounted and reports its level; closes it again on unmount. */
export function useMicrophoneLevel(): MicrophoneCheck {
  const client = useAppStore((state) => (state.connection.status === 'ready' ? state.client : null));
  const [check, setCheck] = useState<MicrophoneCheck>({ level: 0, peak: 0, open: false, error: null });
  useEffect(() => {
    if (!client) return;
    let mounted = true;
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'level' && mounted) {
        setCheck((previous) => ({ ...previous, level: event.rms, peak: Math.max(previous.peak, event.rms) }));
      }
    });
    void invoke({ type: 'microphone_check', open: true }).then((response) => {
      if (!mounted) return;
      setCheck((previous) =>
        response.ok ? { ...previous, open: response.payload.open } : { ...previous, error: response.error },
      );
    });
    return () => {
      mounted = false;
      unsubscribe();
      void invoke({ type: 'microphone_check', open: false });
    };
  }, [client]);
  return check;
}

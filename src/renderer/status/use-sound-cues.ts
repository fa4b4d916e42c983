import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store.js';
import { playCue } from './sound-cues.js';

/** Plays the start/stop/error cues when the dictation's phase changes and the setting is on. */
export function useSoundCues(): void {
  const phase = useAppStore((s) => s.status.phase);
  const enabled = useAppStore((s) => s.settings?.app.soundCues ?? false);
  const previous = useRef(phase);
  useEffect(() => {
    const before = previous.current;
    previous.current = phase;
    if (enabled && before !== phase) playCue(before, phase);
  }, [phase, enabled]);
}

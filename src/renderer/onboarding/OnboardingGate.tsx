import { useEffect, useRef } from 'react';
import { useModelsStore } from '../models/models-state.js';
import { useModelsSync } from '../models/use-models-sync.js';
import { useAppStore } from '../store/app-store.js';
import { missingForDictation } from './needs-setup.js';
import { OnboardingDialog } from './OnboardingDialog.js';

/**
 * Keeps the models state current and opens the first-run setup once per window when a speech model or
 * the VAD model is missing. It can be opened again from the Models view or the Dictate view.
 */
export function OnboardingGate() {
  const settings = useAppStore((state) => state.settings);
  useModelsSync();
  const available = useAppStore((state) => state.features.models && state.features.setup === true);
  const known = useModelsStore((state) => state.loaded && state.vad !== null);
  const missing = useModelsStore((state) => missingForDictation(state, settings).length > 0);
  const open = useModelsStore((state) => state.setupOpen);
  const offered = useRef(false);
  useEffect(() => {
    if (!available || !known || offered.current) return;
    offered.current = true;
    if (missing) useModelsStore.setState({ setupOpen: true });
  }, [available, known, missing]);
  if (!open || !available) return null;
  return <OnboardingDialog onClose={() => useModelsStore.setState({ setupOpen: false })} />;
}

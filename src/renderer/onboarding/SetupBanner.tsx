import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useShallow } from 'zustand/react/shallow';
import { useModelsStore } from '../models/models-state.js';
import { useAppStore } from '../store/app-store.js';
import { missingForDictation } from './needs-setup.js';

/** On the Dictate view while dictation cannot work yet: what is missing and the way to get it. */
export function SetupBanner() {
  const settings = useAppStore((state) => state.settings);
  const available = useAppStore((state) => state.features.models && state.features.setup === true);
  const missing = useModelsStore(useShallow((state) => missingForDictation(state, settings)));
  if (!available || missing.length === 0) return null;
  return (
    <Alert
      severity="info"
      data-testid="setup-banner"
      action={
        <Button color="inherit" size="small" onClick={() => useModelsStore.setState({ setupOpen: true })}>
          Set up
        </Button>
      }
    >
      Dictation needs {missing.join(' and ')} first. The setup downloads them (or imports files you have).
    </Alert>
  );
}

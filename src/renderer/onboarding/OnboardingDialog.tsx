import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useModelsStore } from '../models/models-state.js';
import { useAppStore } from '../store/app-store.js';
import { HotkeyStep } from './HotkeyStep.js';
import { MicrophoneStep } from './MicrophoneStep.js';
import { ModelStep } from './ModelStep.js';
import { missingForDictation } from './needs-setup.js';
import { TestDictationStep } from './TestDictationStep.js';

const STEPS = ['Microphone', 'Speech model', 'Shortcut', 'Try it'] as const;

/** The first-run setup: microphone, models, shortcut, a test dictation. Closing it is always allowed. */
export function OnboardingDialog({ onClose }: { onClose: () => void }) {
  const [step, setStep] = useState(0);
  const settings = useAppStore((state) => state.settings);
  const missing = useModelsStore(useShallow((state) => missingForDictation(state, settings)));
  const blocked = step === 1 && missing.length > 0;
  const last = step === STEPS.length - 1;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="setup-title" data-testid="setup">
      <DialogTitle id="setup-title">Set up Dictation</DialogTitle>
      <DialogContent dividers>
        <Stepper activeStep={step} alternativeLabel sx={{ mb: 3 }}>
          {STEPS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {step === 0 ? <MicrophoneStep /> : null}
        {step === 1 ? <ModelStep /> : null}
        {step === 2 ? <HotkeyStep /> : null}
        {step === 3 ? <TestDictationStep /> : null}
      </DialogContent>
      <DialogActions sx={{ justifyContent: 'space-between', px: 3 }}>
        <Button onClick={onClose} color="inherit">
          {last ? 'Close' : 'Finish later'}
        </Button>
        <span>
          <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </Button>
          {last ? (
            <Button variant="contained" onClick={onClose} data-testid="setup-done">
              Done
            </Button>
          ) : (
            <Button
              variant="contained"
              disabled={blocked}
              onClick={() => setStep(step + 1)}
              data-testid="setup-next"
              title={blocked ? `Still needed: ${missing.join(' and ')}` : undefined}
            >
              Next
            </Button>
          )}
        </span>
      </DialogActions>
    </Dialog>
  );
}

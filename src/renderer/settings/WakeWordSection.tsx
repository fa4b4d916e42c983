import FormHelperText from '@mui/material/FormHelperText';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { phraseFromModelFile } from '../../shared/wake-phrase.js';
import { useWakeModelsStore, useWakeModelsSync } from '../models/wake-models-state.js';
import { useAppStore } from '../store/app-store.js';
import { SelectField } from './fields/SelectField.js';
import { SwitchField } from './fields/SwitchField.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';
import { WakeImportField } from './WakeImportField.js';

const NONE = '';

/** Settings → Wake word: on/off, which installed phrase, how sure the detector must be, the quiet period. */
export function WakeWordSection() {
  const { draft, errors, set } = useSettingsForm();
  useWakeModelsSync();
  const manageable = useAppStore((state) => state.features.wakeModels === true);
  const status = useWakeModelsStore((state) => state.status);
  const wake = draft.wakeWord;
  const installed = status?.phrases.filter((p) => p.installed) ?? [];
  const options = [
    { value: NONE, label: installed.length ? 'None chosen' : 'None installed yet' },
    ...installed.map((p) => ({
      value: p.path,
      label: `${p.phrase}${p.source === 'imported' ? ' (your own model)' : ''}`,
    })),
  ];
  if (wake.phraseModel && !installed.some((p) => p.path === wake.phraseModel)) {
    options.push({
      value: wake.phraseModel,
      label: `${phraseFromModelFile(wake.phraseModel)} (not installed)`,
    });
  }
  const phrase = wake.phraseModel ? phraseFromModelFile(wake.phraseModel) : null;
  return (
    <SettingsSection title="Wake word">
      <SwitchField
        label={
          phrase ? `Start dictating when I say “${phrase}”` : 'Start dictating when I say the wake phrase'
        }
        checked={wake.enabled}
        onChange={(checked) => set('wakeWord', 'enabled', checked)}
        help="Always-on listening: while this is on, the microphone stays open and every sound is checked for the phrase on this computer only; nothing is recorded or sent anywhere. The tray icon shows that the microphone is on."
        testId="setting-wake-enabled"
      />
      <SelectField
        label="Wake phrase"
        value={wake.phraseModel}
        options={options}
        onChange={(value) => set('wakeWord', 'phraseModel', value)}
        error={
          errors['wakeWord.phraseModel'] ??
          (wake.enabled && !wake.phraseModel ? 'Choose a phrase' : undefined)
        }
        help={
          manageable
            ? 'Download openWakeWord phrases in Models → Wake phrases, or import your own .onnx model below.'
            : 'The wake phrase model (.onnx) the app uses.'
        }
        testId="setting-wake-phrase"
      />
      <Stack spacing={0.5}>
        <Typography id="wake-threshold-label" variant="body2">
          Sensitivity threshold: {wake.threshold.toFixed(2)}
        </Typography>
        <Slider
          value={wake.threshold}
          min={0.05}
          max={0.99}
          step={0.01}
          marks={[{ value: 0.5 }]}
          valueLabelDisplay="auto"
          onChange={(_event, value) =>
            set('wakeWord', 'threshold', Math.round((value as number) * 100) / 100)
          }
          slotProps={{
            input: {
              'aria-labelledby': 'wake-threshold-label',
              'data-testid': 'setting-wake-threshold',
            } as object,
          }}
          sx={{ mx: 1, width: 'auto' }}
        />
        <FormHelperText error={errors['wakeWord.threshold'] !== undefined}>
          {errors['wakeWord.threshold'] ??
            'How sure the detector must be before it starts a dictation (default 0.5, the mark). Higher means fewer false triggers, but a phrase said quietly or far away may be missed; lower reacts more readily.'}
        </FormHelperText>
      </Stack>
      <Stack spacing={0.5}>
        <Typography id="wake-refractory-label" variant="body2">
          Quiet period after a detection: {(wake.refractoryMs / 1000).toFixed(1)} s
        </Typography>
        <Slider
          value={wake.refractoryMs}
          min={0}
          max={10_000}
          step={250}
          valueLabelDisplay="auto"
          valueLabelFormat={(ms) => `${(ms / 1000).toFixed(2)} s`}
          onChange={(_event, value) => set('wakeWord', 'refractoryMs', value as number)}
          slotProps={{
            input: {
              'aria-labelledby': 'wake-refractory-label',
              'data-testid': 'setting-wake-refractory',
            } as object,
          }}
          sx={{ mx: 1, width: 'auto' }}
        />
        <FormHelperText error={errors['wakeWord.refractoryMs'] !== undefined}>
          {errors['wakeWord.refractoryMs'] ??
            'The phrase is ignored for this long after it was heard, so one utterance never starts two dictations (default 2 s).'}
        </FormHelperText>
      </Stack>
      {manageable ? <WakeImportField onImported={(path) => set('wakeWord', 'phraseModel', path)} /> : null}
    </SettingsSection>
  );
}

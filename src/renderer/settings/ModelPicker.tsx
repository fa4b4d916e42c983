import Alert from '@mui/material/Alert';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { InstalledModel } from '../../shared/models.js';
import { useAppStore } from '../store/app-store.js';
import { modelOptions, pickerNotice } from './model-picker.js';
import { useSetting } from './settings-form.js';
import { useSpeechModelStatus } from './use-speech-model-status.js';

/**
 * The speech model setting as a choice among the installed models, each with its family, size,
 * languages and whether it takes a prompt or translates; under it, whether the chosen model is in use,
 * or that it is missing, damaged or failed to load, and what to do.
 */
export function ModelPicker({ installed }: { installed: readonly InstalledModel[] }) {
  const setting = useSetting('speech', 'model');
  const saved = useAppStore((state) => state.settings?.speech.model ?? '');
  const status = useSpeechModelStatus();
  const chosen = setting.value;
  const options = modelOptions(installed, chosen);
  const notice = pickerNotice(installed, chosen, saved, status);
  return (
    <Stack spacing={1}>
      <TextField
        select
        label="Model"
        value={chosen}
        onChange={(event) => setting.change(event.target.value)}
        error={setting.error !== undefined}
        helperText={setting.error ?? 'The installed models; download or import others in the Models view.'}
        fullWidth
        slotProps={{
          select: {
            SelectDisplayProps: { 'data-testid': 'setting-model' } as object,
            renderValue: (value) => {
              const option = options.find((o) => o.value === value);
              return option ? `${option.name} · ${option.facts}` : String(value);
            },
          },
        }}
      >
        {options.map((option) => (
          <MenuItem
            key={option.value}
            value={option.value}
            data-testid="model-option"
            data-model={option.name}
            data-missing={option.missing}
            data-damaged={option.damaged}
          >
            <ListItemText
              primary={option.name}
              secondary={option.facts}
              slotProps={{
                secondary: { color: option.missing || option.damaged ? 'error' : 'text.secondary' },
              }}
            />
          </MenuItem>
        ))}
      </TextField>
      {notice ? (
        <Alert severity={notice.severity} data-testid="model-status" data-severity={notice.severity}>
          {notice.message}
          {notice.hint ? ` ${notice.hint}` : ''}
        </Alert>
      ) : null}
    </Stack>
  );
}

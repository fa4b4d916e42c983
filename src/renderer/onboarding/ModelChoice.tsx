import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatBytes } from '../../shared/format-bytes.js';
import type { CatalogEntry } from '../../shared/models.js';

interface ModelChoiceProps {
  choices: CatalogEntry[];
  recommended: string | null;
  value: string;
  onChange: (name: string) => void;
}

/** The catalog's main models as a choice, the one recommended for this computer marked. */
export function ModelChoice({ choices, recommended, value, onChange }: ModelChoiceProps) {
  return (
    <RadioGroup
      value={value}
      onChange={(_event, name) => onChange(name)}
      aria-label="Speech model"
      data-testid="model-choice"
    >
      {choices.map((entry) => (
        <FormControlLabel
          key={entry.name}
          value={entry.name}
          control={<Radio size="small" />}
          sx={{ alignItems: 'flex-start', my: 0.25, '& .MuiRadio-root': { pt: 0.5 } }}
          label={
            <Stack>
              <Typography sx={{ fontWeight: entry.name === recommended ? 600 : 400 }}>
                {entry.name} · {formatBytes(entry.sizeBytes)}
                {entry.name === recommended ? ' · recommended for this computer' : ''}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {entry.note}
              </Typography>
            </Stack>
          }
        />
      ))}
    </RadioGroup>
  );
}

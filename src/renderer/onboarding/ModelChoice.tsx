import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatBytes } from '../../shared/format-bytes.js';
import type { CatalogEntry } from '../../shared/models.js';
import { describeCapabilities, SPEECH_FAMILY_LABEL } from '../../shared/speech-models.js';
import { ModelLicenceLine } from '../models/ModelLicenceLine.js';

interface ModelChoiceProps {
  choices: CatalogEntry[];
  recommended: string | null;
  /** Why the recommended model suits this computer (its cores and memory). */
  reason: string | null;
  value: string;
  onChange: (name: string) => void;
}

/**
 * The catalog's main models as a choice: the one recommended for this computer marked with why, each
 * with what it can do and a note on speed and accuracy.
 */
export function ModelChoice({ choices, recommended, reason, value, onChange }: ModelChoiceProps) {
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
              {entry.name === recommended && reason ? (
                <Typography variant="body2" color="primary" data-testid="recommendation-reason">
                  Why: {reason}.
                </Typography>
              ) : null}
              <Typography variant="body2" color="text.secondary">
                {[SPEECH_FAMILY_LABEL[entry.engine], ...describeCapabilities(entry.capabilities)].join(' · ')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {entry.note}
              </Typography>
              {entry.licence.id !== 'MIT' ? <ModelLicenceLine licence={entry.licence} /> : null}
            </Stack>
          }
        />
      ))}
    </RadioGroup>
  );
}

import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { InstalledModel } from '../../shared/models.js';
import { modelFacts } from '../settings/model-picker.js';
import { ModelRow } from './ModelRow.js';

interface InstalledItemProps {
  model: InstalledModel;
  active: boolean;
  busy: boolean;
  onUse: (model: InstalledModel) => void;
  onDelete: (model: InstalledModel) => void;
}

export function InstalledItem({ model, active, busy, onUse, onDelete }: InstalledItemProps) {
  return (
    <ModelRow
      name={model.name}
      data={{
        'data-testid': 'installed-model',
        'data-model': model.name,
        'data-active': active,
        'data-damaged': model.damaged !== undefined,
      }}
      chips={
        <>
          {active ? <Chip size="small" color="success" label="In use" data-testid="active-chip" /> : null}
          {model.damaged ? (
            <Chip size="small" color="error" label="Damaged" data-testid="damaged-chip" />
          ) : null}
        </>
      }
      actions={
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          <Button size="small" variant="outlined" disabled={active || busy} onClick={() => onUse(model)}>
            Use
          </Button>
          <Button
            size="small"
            color="error"
            disabled={active || busy}
            onClick={() => onDelete(model)}
            aria-label={`Delete ${model.name}`}
          >
            Delete
          </Button>
        </Stack>
      }
    >
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {[modelFacts(model), model.path].join(' · ')}
      </Typography>
      {model.damaged ? (
        <Typography variant="body2" color="error" data-testid="damaged-reason">
          This file is not the {model.catalogName ?? model.name} model ({model.damaged}). Download it again
          below, or delete it.
        </Typography>
      ) : null}
      {active ? (
        <Typography variant="caption" color="text.secondary">
          To delete it, choose another model first.
        </Typography>
      ) : null}
    </ModelRow>
  );
}

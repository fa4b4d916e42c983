import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { RemoteEngineHealth } from '../../../shared/remote-engines.js';
import type { RemoteEngineSetting } from '../../../shared/remote-settings.js';
import { invoke } from '../../store/requests.js';
import { RowTextField } from '../fields/RowTextField.js';

export interface RemoteEngineRowProps {
  engine: RemoteEngineSetting;
  health: RemoteEngineHealth | undefined;
  errors: Record<string, string>;
  onChange: (next: RemoteEngineSetting) => void;
  onRemove: () => void;
}

function StateChip({ health, enabled }: { health: RemoteEngineHealth | undefined; enabled: boolean }) {
  if (!enabled) return <Chip size="small" label="off" data-testid="remote-state" />;
  const state = health?.state ?? 'unknown';
  const color = state === 'up' ? 'success' : state === 'down' ? 'error' : 'default';
  const label = state === 'up' ? 'up' : state === 'down' ? 'down' : 'checking…';
  return <Chip size="small" color={color} label={label} data-testid="remote-state" />;
}

/** A text setting of the engine, with its error. */
function EngineText(props: {
  row: RemoteEngineRowProps;
  field: 'name' | 'baseUrl' | 'model';
  label: string;
  help?: string;
  grow?: boolean;
}) {
  const { engine, errors, onChange } = props.row;
  return (
    <RowTextField
      label={props.label}
      value={engine[props.field]}
      onChange={(value) => onChange({ ...engine, [props.field]: value })}
      error={errors[props.field]}
      help={props.help}
      sx={props.grow ? { flexGrow: 1 } : undefined}
    />
  );
}

/** One remote engine: its name, address, model and concurrency, whether it answers, its API key. */
export function RemoteEngineRow(row: RemoteEngineRowProps) {
  const { engine, health, errors, onChange, onRemove } = row;
  const [key, setKey] = useState('');
  const [keyNote, setKeyNote] = useState<string | null>(null);
  const saveKey = async (value: string | null) => {
    const response = await invoke({ type: 'remote_engine_key', id: engine.id, apiKey: value });
    setKeyNote(
      response.ok
        ? response.payload.stored
          ? 'Key stored in the system keychain.'
          : 'Key removed.'
        : response.error.message,
    );
    if (response.ok) setKey('');
  };
  return (
    <Stack
      spacing={1}
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}
      data-testid={`remote-engine-${engine.id}`}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
          {engine.name}
        </Typography>
        <StateChip health={health} enabled={engine.enabled} />
        <Button size="small" onClick={() => onChange({ ...engine, enabled: !engine.enabled })}>
          {engine.enabled ? 'Turn off' : 'Turn on'}
        </Button>
        <Button size="small" color="error" onClick={onRemove}>
          Remove
        </Button>
      </Stack>
      {health?.state === 'down' && health.reason ? (
        <Typography variant="body2" color="error" data-testid="remote-reason">
          {health.reason}
        </Typography>
      ) : null}
      <Stack direction="row" spacing={1}>
        <EngineText row={row} field="name" label="Name" />
        <EngineText row={row} field="baseUrl" label="Base URL" help="e.g. http://gpu-box:8080/v1" grow />
      </Stack>
      <Stack direction="row" spacing={1}>
        <EngineText row={row} field="model" label="Model" />
        <RowTextField
          label="At once"
          type="number"
          value={Number.isNaN(engine.concurrency) ? '' : String(engine.concurrency)}
          onChange={(value) => onChange({ ...engine, concurrency: Number(value) })}
          error={errors.concurrency}
          help="pieces in parallel"
          sx={{ width: 130 }}
        />
        <RowTextField
          label={engine.hasApiKey ? 'API key (stored)' : 'API key (optional)'}
          type="password"
          value={key}
          onChange={setKey}
          sx={{ flexGrow: 1 }}
          help={keyNote ?? 'Kept in the system keychain, never in settings.json.'}
        />
        <Button size="small" disabled={key === ''} onClick={() => void saveKey(key)}>
          Store key
        </Button>
        {engine.hasApiKey ? (
          <Button size="small" onClick={() => void saveKey(null)}>
            Forget key
          </Button>
        ) : null}
      </Stack>
    </Stack>
  );
}

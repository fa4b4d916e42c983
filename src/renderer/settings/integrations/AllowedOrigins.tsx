import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type KeyboardEvent } from 'react';

/** "http://localhost:3000/" → "http://localhost:3000"; null when it is not a web origin. */
function originOf(text: string): string | null {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return null;
  const url = new URL(trimmed);
  return url.pathname === '/' && !url.search && !url.hash ? url.origin : null;
}

/** Web pages allowed to connect; programs that send no Origin (scripts, OBS plug-ins) need no entry. */
export function AllowedOrigins({
  origins,
  onChange,
  error,
}: {
  origins: readonly string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const origin = originOf(typed);
    if (!origin) {
      setProblem('Type an origin such as http://localhost:3000 (scheme, host and port; no path).');
      return;
    }
    if (!origins.includes(origin)) onChange([...origins, origin]);
    setTyped('');
    setProblem(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <Stack spacing={1} data-testid="event-api-origins">
      <Typography variant="body2">Web pages allowed to connect</Typography>
      {origins.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None: browser pages are refused. Programs that send no Origin need no entry.
        </Typography>
      ) : (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
          {origins.map((origin) => (
            <Chip
              key={origin}
              label={origin}
              onDelete={() => onChange(origins.filter((o) => o !== origin))}
              data-testid="event-api-origin"
            />
          ))}
        </Stack>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Add an origin"
          placeholder="http://localhost:3000"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={onKeyDown}
          error={problem !== null || error !== undefined}
          helperText={problem ?? error}
          size="small"
          fullWidth
          slotProps={{ htmlInput: { 'data-testid': 'event-api-origin-input' } }}
        />
        <Button onClick={add} disabled={typed.trim() === ''} sx={{ flexShrink: 0, mt: 0.5 }}>
          Add
        </Button>
      </Stack>
    </Stack>
  );
}

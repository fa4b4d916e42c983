import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface ModelRowProps {
  name: string;
  /** data-testid and the other data- attributes the row is found by. */
  data: Record<`data-${string}`, string | boolean>;
  /** Beside the name: what the model is to this computer (recommended, in use, damaged). */
  chips: ReactNode;
  /** Under the name: its facts and notes. */
  children: ReactNode;
  /** On the right: what can be done with it. */
  actions: ReactNode;
}

/** One model in a list of models: its name and chips, what there is to know about it, and its buttons. */
export function ModelRow({ name, data, chips, children, actions }: ModelRowProps) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', py: 1.25 }} {...data}>
      <Stack sx={{ flex: 1, minWidth: 0 }} spacing={0.25}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
          {chips}
        </Stack>
        {children}
      </Stack>
      {actions}
    </Stack>
  );
}

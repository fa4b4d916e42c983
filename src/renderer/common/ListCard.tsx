import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';

interface ListCardProps {
  /** The article's accessible name. */
  label: string;
  /** data-testid and the other data- attributes the card is found by. */
  data: Record<`data-${string}`, string | boolean>;
  children: ReactNode;
}

/** One card of a list (a file job, a recorded session): an article whose parts stand one under the other. */
export function ListCard({ label, data, children }: ListCardProps) {
  return (
    <Card variant="outlined" component="article" aria-label={label} {...data}>
      <CardContent sx={{ '&:last-child': { pb: 1.5 } }}>
        <Stack spacing={1}>{children}</Stack>
      </CardContent>
    </Card>
  );
}

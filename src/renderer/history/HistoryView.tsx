import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useDebouncedValue } from '../common/use-debounced-value.js';
import { ClearHistoryButton } from './ClearHistoryButton.js';
import { HistoryList } from './HistoryList.js';
import { HistorySearchField } from './HistorySearchField.js';
import { useHistoryPage } from './use-history-page.js';

const SEARCH_DELAY_MS = 250;

export function HistoryView() {
  const [typed, setTyped] = useState('');
  const query = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const { entries, nextCursor, loading, loadMore } = useHistoryPage(query);
  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="History">
      <Stack spacing={1}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <HistorySearchField value={typed} onChange={setTyped} />
          <ClearHistoryButton disabled={entries.length === 0 && query.trim() === ''} />
        </Stack>
        <HistoryList entries={entries} query={query} />
        {nextCursor !== undefined ? (
          <Button onClick={loadMore} disabled={loading} sx={{ alignSelf: 'center' }}>
            Show older dictations
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

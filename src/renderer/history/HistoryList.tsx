import List from '@mui/material/List';
import Typography from '@mui/material/Typography';
import type { HistoryEntry } from '../../shared/history.js';
import { HistoryItem } from './HistoryItem.js';

export function HistoryList({ entries, query }: { entries: HistoryEntry[]; query: string }) {
  if (entries.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }} data-testid="history-empty">
        {query.trim()
          ? `Nothing in your history matches “${query.trim()}”.`
          : 'Your dictations will appear here.'}
      </Typography>
    );
  }
  return (
    <List aria-label="Dictation history" data-testid="history-list">
      {entries.map((entry) => (
        <HistoryItem key={entry.id} entry={entry} />
      ))}
    </List>
  );
}

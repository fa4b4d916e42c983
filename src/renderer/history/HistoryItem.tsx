import IconButton from '@mui/material/IconButton';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { HistoryEntry } from '../../shared/history.js';
import { CopyButton } from '../common/CopyButton.js';
import { formatDuration, formatWhen } from '../common/format.js';
import { DeleteIcon } from '../common/icons.js';
import { useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';

const DELIVERY_LABEL: Record<HistoryEntry['delivery'], string> = {
  pasted: 'pasted',
  typed: 'typed',
  copied: 'copied',
  failed: 'not delivered',
  none: '',
};

export function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const canAct = useCanAct();
  const remove = () => void request({ type: 'history_delete', id: entry.id });
  const meta = [formatWhen(entry.createdAt), formatDuration(entry.durationMs), DELIVERY_LABEL[entry.delivery]]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItem
      divider
      data-testid="history-item"
      secondaryAction={
        <Stack direction="row">
          <CopyButton text={entry.text} label="Copy this dictation" />
          <Tooltip title="Delete this dictation">
            <span>
              <IconButton aria-label="Delete this dictation" onClick={remove} disabled={!canAct}>
                <DeleteIcon fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        </Stack>
      }
      sx={{ pr: 12 }}
    >
      <Stack spacing={0.25}>
        <Typography data-testid="history-text" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {entry.text}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {meta}
        </Typography>
      </Stack>
    </ListItem>
  );
}

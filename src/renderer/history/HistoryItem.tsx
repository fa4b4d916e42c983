import IconButton from '@mui/material/IconButton';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { HistoryEntry } from '../../shared/history.js';
import { CopyButton } from '../common/CopyButton.js';
import { formatDuration, formatWhen } from '../common/format.js';
import { DeleteIcon } from '../common/icons.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { AudioPlayer, PlayAudioButton, RetranscribeButton } from './HistoryAudio.js';

const DELIVERY_LABEL: Record<HistoryEntry['delivery'], string> = {
  pasted: 'pasted',
  typed: 'typed',
  copied: 'copied',
  failed: 'not delivered',
  none: '',
};

export function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const canAct = useCanAct();
  const audioKept = useAppStore((state) => state.features.historyAudio === true) && entry.audioMs !== null;
  const [audioUrl, setAudioUrl] = useState<string | null>(null);
  const remove = () => void request({ type: 'history_delete', id: entry.id });
  const meta = [
    formatWhen(entry.createdAt),
    formatDuration(entry.durationMs),
    DELIVERY_LABEL[entry.delivery],
    entry.app,
    entry.model,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItem
      divider
      data-testid="history-item"
      secondaryAction={
        <Stack direction="row">
          {audioKept ? <PlayAudioButton entry={entry} onAudio={setAudioUrl} /> : null}
          {audioKept ? <RetranscribeButton entry={entry} /> : null}
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
      sx={{ pr: audioKept ? 20 : 12 }}
    >
      <Stack spacing={0.25} sx={{ width: '100%' }}>
        <Typography data-testid="history-text" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {entry.text}
        </Typography>
        {entry.rawText !== null ? (
          <Typography
            variant="body2"
            color="text.secondary"
            data-testid="history-raw"
            sx={{ whiteSpace: 'pre-wrap' }}
          >
            Heard: {entry.rawText}
          </Typography>
        ) : null}
        {entry.versions.map((version, index) => (
          <Stack
            key={index}
            direction="row"
            spacing={0.5}
            sx={{ alignItems: 'center' }}
            data-testid="history-version"
          >
            <Typography
              variant="body2"
              color="text.secondary"
              sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            >
              {version.model}: {version.text}
            </Typography>
            <CopyButton text={version.text} label={`Copy the ${version.model} text`} />
          </Stack>
        ))}
        <Typography variant="caption" color="text.secondary">
          {meta}
        </Typography>
        {audioUrl ? <AudioPlayer url={audioUrl} /> : null}
      </Stack>
    </ListItem>
  );
}

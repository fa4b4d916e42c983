import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { formatBytes } from '../../shared/format-bytes.js';
import type { SerializedError } from '../../shared/errors.js';
import type { WakePhraseModel } from '../../shared/wake-models.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { useCanAct } from '../store/app-store.js';
import { ImportFileForm } from './ImportFileForm.js';
import {
  importWakeModel,
  installWakePhrase,
  removeWakePhrase,
  useWakeModelsStore,
  useWakeModelsSync,
} from './wake-models-state.js';

/** Models → Wake phrases: openWakeWord's phrases (licence first), the user's own, and their progress. */
export function WakePhrasesPanel() {
  useWakeModelsSync();
  const status = useWakeModelsStore((state) => state.status);
  const [accepted, setAccepted] = useState(false);
  const [problem, setProblem] = useState<SerializedError | null>(null);
  if (!status) return <LinearProgress aria-label="Loading the wake phrases" />;
  const licence = status.frontEnd.licence;
  const act = async (work: Promise<SerializedError | null>) => setProblem(await work);
  const catalog = status.phrases.filter((p) => p.source === 'catalog');
  const own = status.phrases.filter((p) => p.source === 'imported');
  return (
    <Stack spacing={1.5} data-testid="wake-phrases-panel">
      <Typography variant="body2" color="text.secondary">
        Say a phrase to start dictating hands-free. The phrase is recognised on this computer by openWakeWord;
        each phrase needs its own small model.
      </Typography>
      <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="wake-licence">
        <Stack spacing={0.5}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            Licence: {licence.name} ({licence.shortName}), non-commercial use only
          </Typography>
          <Typography variant="body2">{licence.summary}</Typography>
          <Link
            href={licence.url}
            target="_blank"
            rel="noreferrer"
            variant="body2"
            data-testid="wake-licence-link"
          >
            Read the licence ({licence.url})
          </Link>
          <FormControlLabel
            control={
              <Checkbox
                checked={accepted}
                onChange={(event) => setAccepted(event.target.checked)}
                slotProps={{ input: { 'data-testid': 'wake-accept-licence' } as object }}
              />
            }
            label={`I accept ${licence.shortName} (non-commercial use)`}
          />
        </Stack>
      </Paper>
      <Stack spacing={1}>
        {catalog.map((phrase) => (
          <PhraseRow
            key={phrase.id}
            phrase={phrase}
            downloading={status.downloading.includes(phrase.id)}
            canDownload={accepted}
            onDownload={() => void act(installWakePhrase(phrase.id, accepted))}
            onRemove={() => void act(removeWakePhrase(phrase.id))}
          />
        ))}
        {own.map((phrase) => (
          <PhraseRow
            key={phrase.id}
            phrase={phrase}
            downloading={false}
            canDownload={false}
            onDownload={() => undefined}
            onRemove={() => void act(removeWakePhrase(phrase.id))}
          />
        ))}
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="wake-front-end">
        Shared front end ({status.frontEnd.files.join(' and ')}, {formatBytes(status.frontEnd.sizeBytes)},
        same licence): {status.frontEnd.installed ? 'installed.' : 'downloaded with the first phrase.'}
      </Typography>
      <ErrorAlert error={status.error} testId="wake-install-error" />
      <ErrorAlert error={problem} testId="wake-error" onClose={() => setProblem(null)} />
      <Typography variant="body2" color="text.secondary">
        Or import your own phrase model: an openWakeWord classifier (.onnx) is checked before it is copied in
        beside the front end.
      </Typography>
      <ImportFileForm purpose="wake_model" label="Import a phrase model" onImport={importWakeModel} />
    </Stack>
  );
}

interface PhraseRowProps {
  phrase: WakePhraseModel;
  downloading: boolean;
  canDownload: boolean;
  onDownload: () => void;
  onRemove: () => void;
}

function PhraseRow({ phrase, downloading, canDownload, onDownload, onRemove }: PhraseRowProps) {
  const canAct = useCanAct();
  const progress = useWakeModelsStore((state) => state.progress);
  const current = Object.values(progress).find((p) => p.name === phrase.id && p.state !== 'completed');
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5 }}
      data-testid="wake-phrase"
      data-phrase={phrase.id}
      data-state={phrase.installed ? 'installed' : downloading ? 'downloading' : 'available'}
    >
      <Stack spacing={1}>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 600 }}>“{phrase.phrase}”</Typography>
          <Typography variant="body2" color="text.secondary">
            {phrase.file} · {formatBytes(phrase.sizeBytes)}
            {phrase.source === 'imported' ? ' · your own model' : ''}
          </Typography>
          <Stack direction="row" sx={{ ml: 'auto', alignItems: 'center', gap: 1 }}>
            {phrase.installed ? <Chip size="small" color="success" label="Installed" /> : null}
            {phrase.installed ? (
              <Button size="small" color="inherit" onClick={onRemove} disabled={!canAct}>
                Remove
              </Button>
            ) : (
              <Button
                size="small"
                variant="contained"
                onClick={onDownload}
                disabled={!canAct || !canDownload || downloading}
                data-testid="wake-download"
              >
                {downloading ? 'Downloading…' : 'Download'}
              </Button>
            )}
          </Stack>
        </Stack>
        {downloading ? (
          <Stack spacing={0.5} data-testid="wake-progress">
            <LinearProgress
              variant={current?.percent != null ? 'determinate' : 'indeterminate'}
              value={current?.percent ?? 0}
              aria-label={`Download of ${phrase.phrase}`}
              sx={{ height: 8, borderRadius: 4 }}
            />
            <Typography variant="body2" color="text.secondary">
              {current
                ? `${current.file}: ${formatBytes(current.bytes)}${current.totalBytes ? ` of ${formatBytes(current.totalBytes)}` : ''}`
                : 'Starting…'}
            </Typography>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

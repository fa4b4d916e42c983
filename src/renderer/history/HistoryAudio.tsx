import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/history.js';
import { PlayIcon, RedoIcon } from '../common/icons.js';
import { SelectField } from '../settings/fields/SelectField.js';
import { useInstalledModels } from '../settings/use-installed-models.js';
import { pushNotice, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';

/** The kept audio of a dictation, fetched as a WAV and played in the window. */
export function PlayAudioButton({ entry, onAudio }: { entry: HistoryEntry; onAudio: (url: string) => void }) {
  const canAct = useCanAct();
  const play = async () => {
    const wav = await request({ type: 'history_audio', id: entry.id });
    if (!wav) return;
    const bytes = Uint8Array.from(atob(wav.base64), (c) => c.charCodeAt(0));
    onAudio(URL.createObjectURL(new Blob([bytes], { type: wav.mime })));
  };
  return (
    <Tooltip title="Play the recording">
      <span>
        <IconButton aria-label="Play the recording" onClick={() => void play()} disabled={!canAct}>
          <PlayIcon fontSize="small" />
        </IconButton>
      </span>
    </Tooltip>
  );
}

/** The player under an entry; the object URL is given back when it goes. */
export function AudioPlayer({ url }: { url: string }) {
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <audio controls autoPlay src={url} data-testid="history-audio" style={{ width: '100%', maxWidth: 420 }} />
  );
}

/** Transcribes the kept audio again with another installed model, replacing the text or beside it. */
export function RetranscribeButton({ entry }: { entry: HistoryEntry }) {
  const canAct = useCanAct();
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState('');
  const [mode, setMode] = useState<'replace' | 'add'>('add');
  const [busy, setBusy] = useState(false);
  const models = useInstalledModels();
  const options = (models ?? []).map((m) => ({
    value: m.file,
    label: m.name === entry.model ? `${m.name} (used for this one)` : m.name,
  }));
  const chosen =
    model || options.find((o) => !o.label.endsWith('(used for this one)'))?.value || options[0]?.value || '';
  const run = async () => {
    setBusy(true);
    const revised = await request({ type: 'history_retranscribe', id: entry.id, model: chosen, mode });
    setBusy(false);
    if (!revised) return;
    setOpen(false);
    pushNotice({
      level: 'success',
      message:
        mode === 'replace'
          ? 'Transcribed again: the text was replaced.'
          : 'Transcribed again: the new text is under the old one.',
    });
  };
  return (
    <>
      <Tooltip title="Transcribe again with another model">
        <span>
          <IconButton
            aria-label="Transcribe again with another model"
            onClick={() => setOpen(true)}
            disabled={!canAct}
          >
            <RedoIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>Transcribe again</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <SelectField
              label="Model"
              value={chosen}
              options={options}
              onChange={setModel}
              help={
                options.length
                  ? 'The text rules are applied as for a dictation.'
                  : 'No model is installed: add one in the Models tab.'
              }
              testId="retranscribe-model"
            />
            <RadioGroup value={mode} onChange={(event) => setMode(event.target.value as 'replace' | 'add')}>
              <FormControlLabel value="add" control={<Radio />} label="Keep both texts" />
              <FormControlLabel
                value="replace"
                control={<Radio />}
                label="Replace the text (the old one is kept below it)"
              />
            </RadioGroup>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="contained"
            onClick={() => void run()}
            disabled={busy || !chosen}
            startIcon={busy ? <CircularProgress size={16} /> : null}
            data-testid="retranscribe-run"
          >
            {busy ? 'Transcribing…' : 'Transcribe'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

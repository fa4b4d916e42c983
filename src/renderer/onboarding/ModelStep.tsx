import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { formatBytes } from '../../shared/format-bytes.js';
import { useAppStore } from '../store/app-store.js';
import { activeModel } from '../models/active-model.js';
import { downloadModel } from '../models/CatalogList.js';
import { DownloadsList } from '../models/DownloadsList.js';
import { ImportFileForm } from '../models/ImportFileForm.js';
import { importSpeechModel } from '../models/import-files.js';
import { useModelsStore } from '../models/models-state.js';
import { installVad, VadModelPanel } from '../models/VadModelPanel.js';
import { ModelChoice } from './ModelChoice.js';
import { onboardingChoices } from './onboarding-choices.js';

/** Step 2: a speech model (the recommended one preselected, or an imported file) and the VAD model. */
export function ModelStep() {
  const catalog = useModelsStore((state) => state.catalog);
  const recommended = useModelsStore((state) => state.recommended);
  const reason = useModelsStore((state) => state.recommendedReason);
  const installed = useModelsStore((state) => state.installed);
  const downloads = useModelsStore((state) => state.downloads);
  const vad = useModelsStore((state) => state.vad);
  const settings = useAppStore((state) => state.settings);
  const [choice, setChoice] = useState(recommended ?? catalog[0]?.name ?? '');
  const vadMissing = vad?.state === 'missing';

  // The VAD model comes along without asking: every dictation needs it.
  useEffect(() => {
    if (vadMissing) installVad();
  }, [vadMissing]);

  const choices = onboardingChoices(catalog, recommended);
  const chosen = catalog.find((e) => e.name === choice);
  const downloading = chosen
    ? downloads[chosen.file] !== undefined && downloads[chosen.file]?.state !== 'failed'
    : false;
  const active = activeModel(installed, settings);
  const onDisk = chosen ? installed.find((m) => m.file === chosen.file) : undefined;
  return (
    <Stack spacing={2} data-testid="step-model">
      {active?.damaged ? (
        <Alert severity="warning" data-testid="model-damaged">
          {active.name} is damaged ({active.damaged}): download it again or choose another model.
        </Alert>
      ) : active ? (
        <Alert severity="success" data-testid="model-ready">
          {active.name} is installed and will be used for dictation.
        </Alert>
      ) : null}
      <Typography>
        Choose a speech model. It runs on this computer; nothing you say leaves it. More models are in the
        Models view.
      </Typography>
      <ModelChoice
        choices={choices}
        recommended={recommended}
        reason={reason}
        value={choice}
        onChange={setChoice}
      />
      <Button
        variant="contained"
        disabled={!chosen || downloading || (onDisk !== undefined && !onDisk.damaged)}
        onClick={() => void downloadModel(choice, onDisk?.damaged !== undefined)}
        sx={{ alignSelf: 'flex-start' }}
        data-testid="setup-download"
      >
        {chosen ? `Download (${formatBytes(chosen.sizeBytes)})` : 'Download'}
      </Button>
      <DownloadsList vad={false} />
      <Typography variant="subtitle2">Or import a model file you already have</Typography>
      <ImportFileForm purpose="speech_model" label="Import" onImport={importSpeechModel} />
      <Divider />
      <VadModelPanel />
    </Stack>
  );
}

import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAppStore } from '../store/app-store.js';
import { CatalogList } from './CatalogList.js';
import { DownloadsList } from './DownloadsList.js';
import { ImportFileForm } from './ImportFileForm.js';
import { importSpeechModel } from './import-files.js';
import { InstalledList } from './InstalledList.js';
import { ModelsSection } from './ModelsSection.js';
import { useModelsStore } from './models-state.js';
import { VadModelPanel } from './VadModelPanel.js';
import { WakePhrasesPanel } from './WakePhrasesPanel.js';

/** Speech models: what is installed and in use, downloads, the catalog, importing; and the VAD model. */
export function ModelsView() {
  const loaded = useModelsStore((state) => state.loaded);
  const setup = useAppStore((state) => state.features.setup === true);
  const wake = useAppStore((state) => state.features.wakeModels === true);
  if (!loaded) return <LinearProgress aria-label="Loading the models" />;
  return (
    <Stack spacing={2}>
      <ModelsSection title="Installed speech models" testId="installed-section">
        <InstalledList />
        <DownloadsList vad={false} />
      </ModelsSection>
      <ModelsSection title="Download a model" testId="catalog-section">
        <Typography variant="body2" color="text.secondary">
          Larger models recognise speech more accurately but need more memory and take longer per sentence.
          Whisper models ending in .en know only English and are better at it. Parakeet (NVIDIA) makes fewer
          errors than Whisper base in 25 European languages, but cannot translate or take a prompt.
        </Typography>
        <CatalogList />
      </ModelsSection>
      <ModelsSection title="Import a model file" testId="import-section">
        <Typography variant="body2" color="text.secondary">
          A Whisper or Parakeet model in ggml format (ggml-*.bin) you already have; it is checked before it is
          copied into the models folder.
        </Typography>
        <ImportFileForm purpose="speech_model" label="Import" onImport={importSpeechModel} />
      </ModelsSection>
      {setup ? (
        <ModelsSection title="Voice activity model" testId="vad-section">
          <VadModelPanel />
        </ModelsSection>
      ) : null}
      {wake ? (
        <ModelsSection title="Wake phrases" testId="wake-section">
          <WakePhrasesPanel />
        </ModelsSection>
      ) : null}
      {setup ? (
        <Button
          onClick={() => useModelsStore.setState({ setupOpen: true })}
          sx={{ alignSelf: 'flex-start' }}
          data-testid="open-setup"
        >
          Open the first-run setup again
        </Button>
      ) : null}
    </Stack>
  );
}

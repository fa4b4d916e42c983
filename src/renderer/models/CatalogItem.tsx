import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { formatBytes } from '../../shared/format-bytes.js';
import type { CatalogEntry } from '../../shared/models.js';
import { describeCapabilities, SPEECH_FAMILY_LABEL } from '../../shared/speech-models.js';
import { ModelLicenceLine } from './ModelLicenceLine.js';
import { ModelRow } from './ModelRow.js';

interface CatalogItemProps {
  entry: CatalogEntry;
  recommended: boolean;
  installed: boolean;
  /** A file of this name is installed but is not this model (its size or SHA-256 differs). */
  damaged: boolean;
  downloading: boolean;
  onDownload: (entry: CatalogEntry, replace: boolean) => void;
}

/** A downloadable model: family, size, what it can do, what it is good for, its licence, and a way to get it. */
export function CatalogItem({
  entry,
  recommended,
  installed,
  damaged,
  downloading,
  onDownload,
}: CatalogItemProps) {
  const facts = [
    SPEECH_FAMILY_LABEL[entry.engine],
    formatBytes(entry.sizeBytes),
    ...describeCapabilities(entry.capabilities),
    entry.quantization === 'f16' ? 'full precision' : `quantised (${entry.quantization})`,
    ...(entry.memoryBytes ? [`needs about ${formatBytes(entry.memoryBytes)} of memory`] : []),
  ];
  return (
    <ModelRow
      name={entry.name}
      data={{ 'data-testid': 'catalog-item', 'data-model': entry.name }}
      chips={recommended ? <Chip size="small" color="primary" label="Recommended for this computer" /> : null}
      actions={
        <Button
          variant={recommended ? 'contained' : 'outlined'}
          size="small"
          color={damaged ? 'error' : 'primary'}
          disabled={installed || downloading}
          onClick={() => onDownload(entry, damaged)}
          aria-label={damaged ? `Download ${entry.name} again` : `Download ${entry.name}`}
          sx={{ flexShrink: 0, minWidth: 112 }}
        >
          {downloading ? 'Downloading' : damaged ? 'Download again' : installed ? 'Installed' : 'Download'}
        </Button>
      }
    >
      <Typography variant="body2" color="text.secondary">
        {facts.join(' · ')}
      </Typography>
      <Typography variant="body2">{entry.note}</Typography>
      <ModelLicenceLine licence={entry.licence} />
    </ModelRow>
  );
}

import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { CatalogEntry } from '../../shared/models.js';
import { pushNotice } from '../store/app-store.js';
import { CatalogItem } from './CatalogItem.js';
import { FEATURED_PARAKEET } from './featured-models.js';
import { modelCommand } from './model-commands.js';
import { useModelsStore } from './models-state.js';

/** Starts a catalog download (replacing a damaged file of that name); progress and failure arrive as events. */
export async function downloadModel(name: string, replace = false): Promise<void> {
  const request = replace ? { source: name, force: true } : { source: name };
  const outcome = await modelCommand({ type: 'download', request });
  if (!outcome.ok) {
    const { message, hint } = outcome.error;
    pushNotice(hint === undefined ? { level: 'error', message } : { level: 'error', message, hint });
  }
}

/**
 * The recommended model first, then the full-precision ones and Parakeet's 8-bit file; the other
 * quantised variants on request.
 */
export function CatalogList() {
  const catalog = useModelsStore((state) => state.catalog);
  const recommended = useModelsStore((state) => state.recommended);
  const installed = useModelsStore((state) => state.installed);
  const downloads = useModelsStore((state) => state.downloads);
  const [all, setAll] = useState(false);
  const ordered = [
    ...catalog.filter((e) => e.name === recommended),
    ...catalog.filter(
      (e) => e.name !== recommended && (all || e.quantization === 'f16' || e.name === FEATURED_PARAKEET),
    ),
  ];
  const isInstalled = (entry: CatalogEntry) => installed.some((m) => m.file === entry.file && !m.damaged);
  const isDamaged = (entry: CatalogEntry) => installed.some((m) => m.file === entry.file && m.damaged);
  const isDownloading = (entry: CatalogEntry) => {
    const state = downloads[entry.file]?.state;
    return state !== undefined && state !== 'failed';
  };
  return (
    <Stack data-testid="catalog">
      <Stack divider={<Divider />}>
        {ordered.map((entry) => (
          <CatalogItem
            key={entry.name}
            entry={entry}
            recommended={entry.name === recommended}
            installed={isInstalled(entry)}
            damaged={isDamaged(entry)}
            downloading={isDownloading(entry)}
            onDownload={(e, replace) => void downloadModel(e.name, replace)}
          />
        ))}
      </Stack>
      {catalog.length > ordered.length || all ? (
        <Button size="small" onClick={() => setAll(!all)} sx={{ alignSelf: 'flex-start', mt: 1 }}>
          {all ? 'Show fewer models' : `Show all ${catalog.length} models (with quantised variants)`}
        </Button>
      ) : null}
    </Stack>
  );
}

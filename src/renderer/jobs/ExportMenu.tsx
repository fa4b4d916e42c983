import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { ExportFormat } from '../../shared/exports/index.js';
import type { Job } from '../../shared/jobs.js';
import { pushNotice, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { fileName } from './job-timing.js';

const FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'vtt', label: 'WebVTT captions (.vtt)' },
  { format: 'srt', label: 'SubRip captions (.srt)' },
  { format: 'txt', label: 'Plain text (.txt)' },
  { format: 'json', label: 'JSON with timings (.json)' },
];

/** Writes the transcript in another format next to the job's outputs (the app never overwrites a file). */
export function ExportMenu({ job }: { job: Job }) {
  const canAct = useCanAct();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const exportAs = async (format: ExportFormat) => {
    setAnchor(null);
    const written = await request({ type: 'job_export', jobId: job.id, format });
    if (written) pushNotice({ level: 'success', message: `Saved ${fileName(written.path)}.` });
  };
  return (
    <>
      <Button
        size="small"
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={!canAct}
        aria-haspopup="menu"
      >
        Export…
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {FORMATS.map(({ format, label }) => (
          <MenuItem key={format} onClick={() => void exportAs(format)} data-testid={`export-${format}`}>
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

import type { ExportFormat } from '../../shared/exports/index.js';
import type { Job } from '../../shared/jobs.js';
import { FormatMenu } from '../common/FormatMenu.js';
import { pushNotice } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { fileName } from './job-timing.js';

const FORMATS: readonly ExportFormat[] = ['vtt', 'srt', 'txt', 'json'];

/** Writes the transcript in another format next to the job's outputs (the app never overwrites a file). */
export function ExportMenu({ job }: { job: Job }) {
  const exportAs = async (format: ExportFormat) => {
    const written = await request({ type: 'job_export', jobId: job.id, format });
    if (written) pushNotice({ level: 'success', message: `Saved ${fileName(written.path)}.` });
  };
  return (
    <FormatMenu
      label="Export…"
      formats={FORMATS}
      itemTestId="export"
      onChoose={(format) => void exportAs(format)}
    />
  );
}

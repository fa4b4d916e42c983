import type { DownloadProgress } from '../../shared/models.js';
import { formatBytes, formatDuration } from '../../shared/format-bytes.js';

/** "12.5 MB of 57.0 MB (21 %)" */
export function formatDownloaded(progress: DownloadProgress): string {
  if (progress.totalBytes === null) return `${formatBytes(progress.bytes)} (size not known yet)`;
  const percent = progress.percent === null ? '' : ` (${Math.floor(progress.percent)} %)`;
  return `${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}${percent}`;
}

/** "3.4 MB/s, 20 s left" while bytes flow; empty otherwise. */
export function formatSpeed(progress: DownloadProgress): string {
  if (progress.state !== 'downloading' || progress.bytesPerSecond <= 0) return '';
  const speed = `${formatBytes(progress.bytesPerSecond)}/s`;
  return progress.etaSeconds === null ? speed : `${speed}, ${formatDuration(progress.etaSeconds)} left`;
}

export const DOWNLOAD_STATE_LABELS: Record<DownloadProgress['state'], string> = {
  starting: 'Starting',
  downloading: 'Downloading',
  retrying: 'Connection lost, retrying',
  verifying: 'Checking the file',
  paused: 'Paused',
  completed: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

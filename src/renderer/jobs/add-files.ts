import { unsupportedReason } from '../../shared/audio-files.js';
import { rejectFiles, type Rejection } from '../store/jobs-store.js';
import { request } from '../store/requests.js';

const NO_PATH_HINT =
  'Type the file’s full path in the box above, or use the desktop app, where dropped files can be added.';

/** Queues files by path; the ones the app refuses are listed with its reason. */
export async function addPaths(paths: readonly string[]): Promise<void> {
  const refused: Omit<Rejection, 'id'>[] = [];
  const accepted: string[] = [];
  for (const path of paths) {
    const reason = unsupportedReason(path);
    if (reason) refused.push({ message: reason });
    else accepted.push(path);
  }
  rejectFiles(refused);
  if (accepted.length === 0) return;
  const result = await request({ type: 'jobs', command: { type: 'add_files', paths: accepted } });
  if (result?.type !== 'add_files') return;
  rejectFiles(
    result.rejected.map((file) =>
      file.hint === undefined ? { message: file.message } : { message: file.message, hint: file.hint },
    ),
  );
}

/**
 * Files dropped on the window: unsupported kinds are refused at once; the rest are added by their path
 * on disk, which only the desktop app can see (a browser page is never told where a file lives).
 */
export async function addDroppedFiles(files: readonly File[]): Promise<void> {
  const paths: string[] = [];
  const refused: Omit<Rejection, 'id'>[] = [];
  for (const file of files) {
    const reason = unsupportedReason(file.name);
    const path = reason ? '' : (window.dictation?.pathForFile(file) ?? '');
    if (reason) refused.push({ message: reason });
    else if (path) paths.push(path);
    else {
      refused.push({
        message: `${file.name} was not added: this browser window cannot see where dropped files are stored.`,
        hint: NO_PATH_HINT,
      });
    }
  }
  rejectFiles(refused);
  if (paths.length > 0) await addPaths(paths);
}

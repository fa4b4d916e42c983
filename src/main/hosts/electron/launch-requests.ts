import { dialog } from 'electron';
import { serializeError } from '../../../shared/errors.js';
import type { AppRuntime } from '../../app/create-app-runtime.js';
import type { Logger } from '../../../services/logging/logger.js';
import type { LaunchRequest } from './packaging/launch-request.js';

/**
 * What a launch asks for (this one, a second one forwarded by the single-instance lock, "Open with",
 * a dictation:// link): show the window, add files as transcription jobs. Files from a link, which any
 * web page can open, are added only after the user agrees.
 */
export async function handleLaunchRequest(
  request: LaunchRequest,
  parts: { runtime: AppRuntime; showWindow: () => void; logger: Logger },
): Promise<void> {
  const { runtime, logger } = parts;
  if (request.ignored.length > 0)
    logger.info({ event: 'launch_inputs_ignored', ignored: request.ignored }, 'launch inputs ignored');
  if (request.showWindow) parts.showWindow();
  const fromArguments = request.jobs.filter((job) => job.origin === 'argument').map((job) => job.path);
  const fromLinks = request.jobs.filter((job) => job.origin === 'link').map((job) => job.path);
  if (fromLinks.length > 0 && (await confirmLinkFiles(fromLinks))) fromArguments.push(...fromLinks);
  if (fromArguments.length === 0) return;
  if (!runtime.jobs) {
    runtime.core.notify(
      'warning',
      'File transcription is not available in this build; the files were not added.',
    );
    return;
  }
  try {
    const { added, rejected } = await runtime.jobs.add(fromArguments);
    logger.info(
      { event: 'launch_files_added', added: added.length, rejected },
      'files from the launch added as jobs',
    );
    for (const file of rejected) runtime.core.notify('warning', `${file.path}: ${file.message}`, file.hint);
  } catch (error) {
    const problem = serializeError(error);
    logger.warn({ event: 'launch_files_failed', error: problem }, 'files from the launch not added');
    runtime.core.notify('warning', problem.message, problem.hint);
  }
}

async function confirmLinkFiles(files: readonly string[]): Promise<boolean> {
  const list = files.slice(0, 10).join('\n') + (files.length > 10 ? `\n… and ${files.length - 10} more` : '');
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Transcribe', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    title: 'Dictation',
    message: `A link asks Dictation to transcribe ${files.length === 1 ? 'this file' : `${files.length} files`}:`,
    detail: `${list}\n\nOnly continue if you opened this link yourself.`,
  });
  return response === 0;
}

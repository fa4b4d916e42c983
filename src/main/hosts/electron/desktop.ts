import { BrowserWindow, dialog, shell } from 'electron';
import { SUPPORTED_AUDIO_EXTENSIONS } from '../../../shared/audio-files.js';
import { AppError } from '../../../shared/errors.js';
import type { DesktopPort } from '../../../services/desktop/desktop-port.js';

/** Electron's file dialogs and shell behind the window's pick_files, open_path, show_in_folder and session_export. */
export const electronDesktop: DesktopPort = {
  async pickFiles() {
    const options: Electron.OpenDialogOptions = {
      title: 'Add files to transcribe',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Audio and video', extensions: [...SUPPORTED_AUDIO_EXTENSIONS] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  },
  async openPath(file) {
    const problem = await shell.openPath(file);
    if (problem) {
      throw new AppError('io', `Could not open ${file}: ${problem}`, {
        hint: 'Open it from your file manager, or set a default app for this kind of file.',
      });
    }
  },
  showInFolder(file) {
    shell.showItemInFolder(file);
  },
  async chooseSavePath({ title, defaultPath, extension }) {
    const options: Electron.SaveDialogOptions = {
      title,
      defaultPath,
      filters: [{ name: `.${extension} files`, extensions: [extension] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
};

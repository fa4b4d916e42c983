import { BrowserWindow, dialog } from 'electron';
import type { FilePurpose } from '../../shared/setup.js';

/** Electron's file dialog behind the window's choose_model_file (importing a model the user has). */
export async function chooseModelFile(purpose: FilePurpose): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: purpose === 'vad_model' ? 'Import the Silero VAD model' : 'Import a speech model',
    properties: ['openFile'],
    filters: [
      { name: 'whisper.cpp ggml model', extensions: ['bin'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

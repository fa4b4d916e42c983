import { BrowserWindow, dialog } from 'electron';
import type { FilePurpose } from '../../../shared/setup.js';

const TITLES: Record<FilePurpose, string> = {
  speech_model: 'Import a speech model',
  vad_model: 'Import the Silero VAD model',
  wake_model: 'Import a wake phrase model',
};

/** Electron's file dialog behind the window's choose_model_file (importing a model the user has). */
export async function chooseModelFile(purpose: FilePurpose): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: TITLES[purpose],
    properties: ['openFile'],
    filters: [
      purpose === 'wake_model'
        ? { name: 'openWakeWord ONNX model', extensions: ['onnx'] }
        : { name: 'whisper.cpp ggml model', extensions: ['bin'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

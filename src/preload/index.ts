// The window's only door to the app: `window.dictation`, a small named API typed from src/shared.
// Bundled to one CommonJS file (scripts/build-preload.mjs): a sandboxed preload may require only 'electron'.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { APP_IPC_CHANNELS, APP_PROTOCOL_VERSION, type PreloadApi } from '../shared/app-ipc.js';

const api: PreloadApi = {
  protocolVersion: APP_PROTOCOL_VERSION,
  invoke: (request) => ipcRenderer.invoke(APP_IPC_CHANNELS.invoke, request),
  subscribe(listener) {
    // The listener never sees the IPC event object (it holds `sender`, which must not reach the page).
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(APP_IPC_CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(APP_IPC_CHANNELS.event, forward);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('dictation', api);

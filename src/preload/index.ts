// The renderer's only door to the app: a small named API (filled in by the dictation window work).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('dictation', {
  platform: process.platform,
});

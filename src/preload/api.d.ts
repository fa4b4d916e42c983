// The global the preload installs (src/preload/index.ts); absent when the window runs over the bridge.
import type { PreloadApi } from '../shared/app-ipc.js';

declare global {
  interface Window {
    dictation?: PreloadApi;
  }
}

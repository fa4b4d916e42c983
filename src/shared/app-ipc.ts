import type { AppRequestInput } from './app-protocol.js';

/**
 * Constants of the app's renderer-facing API that the preload bundle needs. Zod-free on purpose: the
 * sandboxed preload is one small CommonJS file, and validation happens where messages arrive.
 */

/** Bumped whenever a request, response or event of src/shared/app-protocol.ts changes incompatibly. */
export const APP_PROTOCOL_VERSION = 1;

/** Electron IPC channels between the preload and main. */
export const APP_IPC_CHANNELS = {
  /** ipcRenderer.invoke(request) -> AppResponse. */
  invoke: 'dictation:invoke',
  /** main -> renderer: one AppEvent per message. */
  event: 'dictation:event',
} as const;

/** URL path of the loopback WebSocket bridge (src/main/bridge) on the headless server. */
export const BRIDGE_PATH = '/bridge';

/**
 * What the preload exposes as `window.dictation`. Answers and events are `unknown` on purpose: the
 * window validates them with src/shared/app-protocol.ts where they arrive.
 */
export interface PreloadApi {
  /** The protocol this build of the app speaks; the window compares it with its own. */
  readonly protocolVersion: number;
  invoke(request: AppRequestInput): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
  /** Where a file dropped on the window lives on disk (Electron's webUtils); "" when it has no path. */
  pathForFile(file: File): string;
}

import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { APP_IPC_CHANNELS, APP_PROTOCOL_VERSION, type PreloadApi } from '../../src/shared/app-ipc.js';
import { projectRoot } from '../helpers/fixtures.js';

// The preload is bundled exactly as scripts/build-preload.mjs does and run in a bare VM context with a
// stand-in for the `electron` module: the Electron binary cannot run here (see the README).
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(projectRoot, 'src/preload/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('the preload bundle', () => {
  it('requires nothing but electron (a sandboxed preload can load nothing else) and stays small', async () => {
    const code = await bundle();
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code.length).toBeLessThan(4000);
  });

  it('exposes window.dictation: the protocol version, invoke on the app channel, and events without the IPC event', async () => {
    const code = await bundle();
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    const electron = {
      webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true });
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)?.add(listener);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
          listeners.get(channel)?.delete(listener),
      },
    };
    const require = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    vm.runInNewContext(code, { require, module: { exports: {} }, exports: {} });

    const api = exposed.get('dictation') as PreloadApi;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'pathForFile', 'protocolVersion', 'subscribe']);
    expect(api.protocolVersion).toBe(APP_PROTOCOL_VERSION);
    await api.invoke({ type: 'get_state' });
    expect(invoked).toEqual([[APP_IPC_CHANNELS.invoke, { type: 'get_state' }]]);

    const received: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => received.push(args));
    const sender = { send: () => undefined };
    for (const listener of listeners.get(APP_IPC_CHANNELS.event) ?? [])
      listener({ sender }, { type: 'notice' });
    expect(received).toEqual([[{ type: 'notice' }]]);
    unsubscribe();
    expect(listeners.get(APP_IPC_CHANNELS.event)?.size).toBe(0);

    // A file dropped on the window: its path on disk comes from Electron's webUtils.
    expect(api.pathForFile({ name: 'talk.wav' } as File)).toBe('/dropped/talk.wav');
  });
});

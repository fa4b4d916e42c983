// Runs in an Electron utility process: starts and stops the system keyboard hook once. libuiohook
// aborts the process it runs in when it cannot start, so the app tries it here first. The packaged
// app cannot use ELECTRON_RUN_AS_NODE for this (the RunAsNode fuse is off).
import { createRequire } from 'node:module';
import type { HookProbeResult } from '../../../shared/hook-probe.js';

interface ParentPort {
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
/** The answer goes as a message (process.send where a test runs this as a plain Node child). */
const tell = (result: HookProbeResult) =>
  parentPort ? parentPort.postMessage(result) : process.send?.(result);

try {
  const modulePath = process.env['DICTATION_UIOHOOK_MODULE'];
  if (!modulePath) throw new Error('DICTATION_UIOHOOK_MODULE is not set');
  const { uIOhook } = createRequire(import.meta.url)(modulePath) as {
    uIOhook: { start(): void; stop(): void };
  };
  uIOhook.start();
  uIOhook.stop();
  tell({ type: 'hook_probe', ok: true });
} catch (error) {
  const text =
    error instanceof Error
      ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
      : String(error);
  tell({ type: 'hook_probe', ok: false, error: text.slice(0, 8000) });
}
// The app ends this process once it has the answer: exiting here could lose the message in flight.
setTimeout(() => process.exit(0), 15_000);

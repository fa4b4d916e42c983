// Runs in an Electron utility process: starts and stops the system keyboard hook once. libuiohook
// aborts the process it runs in when it cannot start, so the app tries it here first. The packaged
// app cannot use ELECTRON_RUN_AS_NODE for this (the RunAsNode fuse is off).
import { createRequire } from 'node:module';

const modulePath = process.env['DICTATION_UIOHOOK_MODULE'];
if (!modulePath) {
  process.stderr.write('DICTATION_UIOHOOK_MODULE is not set\n');
  process.exit(2);
}
const { uIOhook } = createRequire(import.meta.url)(modulePath) as {
  uIOhook: { start(): void; stop(): void };
};
uIOhook.start();
uIOhook.stop();
process.stdout.write('hook-ok');
process.exit(0);

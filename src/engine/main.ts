// Entry of the engine process: an Electron utility process in the app, a forked Node child in the
// CLI and the tests. Inference runs here so the app's main process never blocks.
// Node's compile cache is switched on before anything else loads: it cuts the engine's start-up
// (zod, the protocol, the audio code) on every launch after the first.
import module from 'node:module';

module.enableCompileCache?.();
await import('./engine-process.js');

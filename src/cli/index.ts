#!/usr/bin/env node
// `dictation`. Node's compile cache is switched on before the program's modules load, which makes
// every run after the first start faster; the engine (in this process for a transcribe on the CPU, a
// process of its own for listen) starts loading the model while the program's modules load.
import module from 'node:module';

module.enableCompileCache?.();
const args = process.argv.slice(2);
if (args[0] === 'transcribe') {
  (await import('./early-engine.js')).startEngineEarly(args);
} else {
  (await import('../engine/client/prestart.js')).prestartFromArgv(args);
}
await import('./program.js');

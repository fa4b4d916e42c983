#!/usr/bin/env node
// `dictation`. Node's compile cache is switched on before the program's modules load, which makes
// every run after the first start faster; the engine process is started (and loads the model) while
// the program's modules load.
import module from 'node:module';

module.enableCompileCache?.();
const { prestartFromArgv } = await import('../engine/client/prestart.js');
prestartFromArgv(process.argv.slice(2));
await import('./program.js');

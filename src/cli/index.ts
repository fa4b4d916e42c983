#!/usr/bin/env node
// `dictation`. Node's compile cache is switched on before the program's modules load, which makes
// every run after the first start faster.
import module from 'node:module';

module.enableCompileCache?.();
await import('./program.js');

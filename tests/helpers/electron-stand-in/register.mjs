// node --import ./register.mjs dist/src/main/index.js: the app's main process with the Electron
// stand-in (./electron.mjs) in place of the electron package, for import and require alike.
import { registerHooks } from 'node:module';

const standIn = new URL('./electron.mjs', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});

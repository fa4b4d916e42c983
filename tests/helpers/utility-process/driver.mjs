// Run as `node --import ../electron-stand-in/register.mjs driver.mjs <scenario>`: the shell's own
// utility-process code (from dist/) on the Electron stand-in, whose utility processes behave as
// Electron's do at exit. Prints one JSON line with what the shell concluded.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', '..', '..', 'dist', 'src', 'main', 'hosts', 'electron');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const print = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

const scenario = process.argv[2];
if (scenario === 'hook-probe') {
  const { utilityProbedKeyboardHook } = await load('hook-probe.js');
  const hook = utilityProbedKeyboardHook();
  try {
    await hook.start(() => {});
    await hook.stop();
    print({ started: true });
  } catch (error) {
    print({ started: false, kind: error.kind, message: error.message, hint: error.hint });
  }
} else if (scenario === 'engine-crash') {
  const { utilityEngineChannel } = await load('engine-channel.js');
  const channel = utilityEngineChannel(path.join(here, 'crashing-engine.mjs'));
  channel.onExit((info) => print(info));
} else {
  throw new Error(`unknown scenario ${scenario}`);
}

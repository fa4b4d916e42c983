// Electron main process entry (package.json "main"). The shell is in ./electron; the app itself,
// without Electron, is in ./app-runtime.
import { runApp } from './hosts/electron/run-app.js';

runApp();

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from './fixtures.js';

/**
 * The Electron binary, when one is installed, else why not. The npm package is installed here without
 * its binary, and require('electron') would then try to download it: this looks first, the way
 * electron/index.js does, and asks require('electron') only when the binary is there.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const candidate = override
    ? path.join(override, relative ?? 'electron')
    : relative
      ? path.join(packageDir, 'dist', relative)
      : null;
  if (!candidate || !existsSync(candidate)) {
    return {
      missing:
        'no Electron binary is installed (npm installs electron with ELECTRON_SKIP_BINARY_DOWNLOAD here); ' +
        'run `npm run electron:fetch` on a machine with internet access, or set ELECTRON_OVERRIDE_DIST_PATH',
    };
  }
  const resolved = createRequire(import.meta.url)('electron') as string;
  return existsSync(resolved)
    ? { path: resolved }
    : { missing: `require('electron') gave ${resolved}, which does not exist` };
}

#!/usr/bin/env node
// Makes a stand-in for Electron's Linux distribution so electron-builder can pack the app on a
// machine where Electron's binary cannot be downloaded (`npm run pack:check`, CI). It is passed to
// electron-builder as `electronDist`: electron-builder copies it, renames `electron` to the app's
// executable, writes resources/app.asar next to it and flips the fuses in the executable.
//
// The executable is a shell script that refuses to run, carrying Electron's fuse wire (the sentinel
// @electron/fuses searches for, then version, length and one byte per fuse with Electron's default
// states), so the fuse step runs for real and its result can be read back. Nothing else of Electron
// is imitated: the stand-in is never executed.
//
// Usage: node scripts/make-stand-in-electron.mjs [outDir]   (default .cache/electron-stand-in)
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The marker @electron/fuses looks for in an Electron binary (constants.js of @electron/fuses). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's shipped fuse states, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
 * --inspect on, embedded asar integrity off, only-load-from-asar off, browser V8 snapshot off,
 * file:// extra privileges on, WASM trap handlers on. '1' enabled, '0' disabled.
 */
export const ELECTRON_DEFAULT_FUSES = '101100011';

export function makeStandInElectron(outDir = path.join(root, '.cache', 'electron-stand-in')) {
  if (process.platform !== 'linux') {
    throw new Error(
      `The stand-in Electron imitates the Linux layout only; on ${process.platform} run "npm run dist" with the real Electron.`,
    );
  }
  const electronVersion = JSON.parse(
    readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'resources'), { recursive: true });
  mkdirSync(path.join(outDir, 'locales'), { recursive: true });

  const wire =
    FUSE_SENTINEL +
    String.fromCharCode(1) +
    String.fromCharCode(ELECTRON_DEFAULT_FUSES.length) +
    ELECTRON_DEFAULT_FUSES;
  const executable = [
    '#!/bin/sh',
    `# Stand-in for Electron ${electronVersion}, made by scripts/make-stand-in-electron.mjs for packaging checks.`,
    `# fuse wire: ${wire}`,
    'echo "This is a packaging stand-in, not Electron: build with \\"npm run dist\\" for a runnable app." >&2',
    'exit 1',
    '',
  ].join('\n');
  writeFileSync(path.join(outDir, 'electron'), executable);
  chmodSync(path.join(outDir, 'electron'), 0o755);
  // Files of Electron's Linux zip that electron-builder moves or keeps beside the executable.
  writeFileSync(path.join(outDir, 'chrome-sandbox'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  writeFileSync(path.join(outDir, 'LICENSE'), `Stand-in for Electron ${electronVersion}'s LICENSE.\n`);
  writeFileSync(path.join(outDir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  writeFileSync(path.join(outDir, 'version'), `${electronVersion}\n`);
  writeFileSync(path.join(outDir, 'locales', 'en-US.pak'), '');
  return { dir: outDir, electronVersion };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, electronVersion } = makeStandInElectron(process.argv[2] && path.resolve(process.argv[2]));
  console.log(
    `[stand-in-electron] Electron ${electronVersion} stand-in in ${path.relative(root, dir) || dir}`,
  );
}

#!/usr/bin/env node
// Builds native/whisper-addon (our Node-API binding over whisper.cpp) with CMake.
// Runs on `npm install`. Nothing is downloaded: whisper.cpp's source comes from the nodejs-whisper
// package, the Node-API headers from node-api-headers and node-addon-api.
// A stamp of the inputs skips the build when nothing changed; `--force` rebuilds.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(root, 'native', 'whisper-addon');
const buildDir = path.join(addonDir, 'build');
const stampFile = path.join(buildDir, 'inputs.sha256');
const force = process.argv.includes('--force');

function fail(message) {
  console.error(`\n[build-native] ${message}\n`);
  process.exit(1);
}

if (process.env.DICTATION_SKIP_NATIVE_BUILD === '1') {
  console.log('[build-native] skipped (DICTATION_SKIP_NATIVE_BUILD=1)');
  process.exit(0);
}

const whisperSrc = path.join(
  path.dirname(require.resolve('nodejs-whisper/package.json')),
  'cpp',
  'whisper.cpp',
);
const nodeApiHeaders = require('node-api-headers');
const nodeAddonApiDir = path.join(root, require('node-addon-api').include_dir);

function hashInputs() {
  const hash = createHash('sha256');
  const files = readdirSync(path.join(addonDir, 'src'))
    .map((f) => path.join(addonDir, 'src', f))
    .concat(path.join(addonDir, 'CMakeLists.txt'));
  for (const file of files.sort()) hash.update(file).update(readFileSync(file));
  hash.update(readFileSync(path.join(whisperSrc, 'CMakeLists.txt')));
  hash.update(`${process.platform}-${process.arch}`);
  return hash.digest('hex');
}

const addonFile = path.join(buildDir, 'bin', 'dictation_whisper.node');
const inputs = hashInputs();
if (!force && existsSync(addonFile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === inputs) {
  console.log('[build-native] up to date:', path.relative(root, addonFile));
  process.exit(0);
}

const cmakeCheck = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
if (cmakeCheck.error || cmakeCheck.status !== 0) {
  fail(
    'CMake (3.20 or newer) and a C++17 compiler are needed to build the speech engine.\n' +
      '  Debian/Ubuntu: sudo apt-get install cmake g++\n' +
      '  macOS:         xcode-select --install && brew install cmake\n' +
      '  Windows:       Visual Studio 2022 Build Tools (C++ workload), which include CMake',
  );
}

mkdirSync(buildDir, { recursive: true });
const configureArgs = [
  '-S',
  addonDir,
  '-B',
  buildDir,
  '-DCMAKE_BUILD_TYPE=Release',
  `-DWHISPER_SRC_DIR=${whisperSrc}`,
  `-DNODE_API_HEADERS_DIR=${nodeApiHeaders.include_dir}`,
  `-DNODE_ADDON_API_DIR=${nodeAddonApiDir}`,
  `-DNODE_API_DEF_FILE=${nodeApiHeaders.def_paths.node_api_def}`,
];
if (process.platform === 'win32') configureArgs.push('-A', 'x64');

const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
const started = Date.now();
console.log(
  `[build-native] building whisper.cpp and the addon with ${jobs} jobs (a few minutes the first time)`,
);
// The compiler output (thousands of lines) goes to a log file; only a failure's tail is printed.
const logFile = path.join(buildDir, 'build.log');
writeFileSync(logFile, '');
for (const args of [configureArgs, ['--build', buildDir, '--config', 'Release', '--parallel', jobs]]) {
  const result = spawnSync('cmake', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  appendFileSync(logFile, `$ cmake ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.error || result.status !== 0) {
    const lines = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n');
    const errors = lines
      .filter((l) => /error|Error|CMake Error/.test(l) && !/Werror|-Wno/.test(l))
      .slice(0, 30);
    console.error((errors.length ? errors : lines.slice(-40)).join('\n'));
    fail(
      `cmake ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}). Full output: ${logFile}`,
    );
  }
}
if (!existsSync(addonFile)) fail(`the build finished but ${addonFile} is missing`);
writeFileSync(stampFile, inputs);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `[build-native] built ${path.relative(root, addonFile)} (${statSync(addonFile).size} bytes) in ${seconds} s`,
);

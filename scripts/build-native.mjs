#!/usr/bin/env node
// Builds the native modules with CMake: native/whisper-addon (our Node-API binding over whisper.cpp)
// and native/audio-capture (naudiodon's N-API binding, without node-gyp). Runs on `npm install`.
// Nothing is downloaded: the sources come from the nodejs-whisper and naudiodon packages, the
// Node-API headers from node-api-headers and node-addon-api.
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
const naudiodonDir = path.dirname(require.resolve('naudiodon/package.json'));
const nodeApiHeaders = require('node-api-headers');
const nodeAddonApiDir = path.join(root, require('node-addon-api').include_dir);

// ---- GPU: the Vulkan back-end of the speech engine ----------------------------------------------
// native/whisper-addon builds ggml's Vulkan back-end as one more run-time-loaded library when the
// Vulkan headers, glslc and SPIRV-Headers are installed (DICTATION_VULKAN=AUTO, the default); without
// them the engine is built for the CPU only and this says so. DICTATION_VULKAN=ON makes a missing
// part an error (CI), OFF skips it. Whether glslc can be found is part of the build stamp, so
// installing the Vulkan packages later rebuilds on the next `npm install`.
const vulkanMode = (process.env.DICTATION_VULKAN ?? 'AUTO').toUpperCase();
if (!['AUTO', 'ON', 'OFF'].includes(vulkanMode))
  fail(`DICTATION_VULKAN must be AUTO, ON or OFF, not ${vulkanMode}`);

function vulkanToolchainStamp() {
  if (vulkanMode === 'OFF' || process.platform === 'darwin') return `vulkan:${vulkanMode}`;
  const glslc = spawnSync('glslc', ['--version'], { encoding: 'utf8' });
  const found = !glslc.error && glslc.status === 0 ? glslc.stdout.split('\n')[0] : 'no glslc';
  return `vulkan:${vulkanMode}:${found}:${process.env.VULKAN_SDK ?? ''}`;
}

/** The configure step's one line about the Vulkan back-end, printed for the person installing. */
function reportVulkan(configureOutput) {
  const line = configureOutput.split('\n').find((l) => l.includes('dictation: Vulkan back-end'));
  if (line) console.log(`[build-native] ${line.replace(/^-- dictation: /, '')}`);
}
// ---- end of the Vulkan block ---------------------------------------------------------------------

/** The two native projects: our whisper.cpp binding, and naudiodon's N-API capture binding. */
const projects = [
  {
    name: 'speech engine (whisper.cpp)',
    dir: path.join(root, 'native', 'whisper-addon'),
    output: 'dictation_whisper.node',
    extraInputs: [path.join(whisperSrc, 'CMakeLists.txt')],
    defines: [
      `-DWHISPER_SRC_DIR=${whisperSrc}`,
      `-DNODE_ADDON_API_DIR=${nodeAddonApiDir}`,
      `-DDICTATION_VULKAN=${vulkanMode}`,
    ],
    stamp: vulkanToolchainStamp,
    onConfigured: reportVulkan,
  },
  {
    name: 'microphone capture (naudiodon)',
    dir: path.join(root, 'native', 'audio-capture'),
    output: 'naudiodon.node',
    extraInputs: [path.join(naudiodonDir, 'package.json')],
    defines: [`-DNAUDIODON_DIR=${naudiodonDir}`],
  },
];

function listSources(dir) {
  const srcDir = path.join(dir, 'src');
  const files = existsSync(srcDir) ? readdirSync(srcDir).map((f) => path.join(srcDir, f)) : [];
  return files.concat(path.join(dir, 'CMakeLists.txt'));
}

function hashInputs(project) {
  const hash = createHash('sha256');
  for (const file of listSources(project.dir).concat(project.extraInputs).sort()) {
    hash.update(file).update(readFileSync(file));
  }
  hash.update(`${process.platform}-${process.arch}`);
  if (project.stamp) hash.update(project.stamp());
  return hash.digest('hex');
}

let cmakeChecked = false;
function requireCmake() {
  if (cmakeChecked) return;
  const cmakeCheck = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  if (cmakeCheck.error || cmakeCheck.status !== 0) {
    fail(
      'CMake (3.20 or newer) and a C++17 compiler are needed to build the native modules.\n' +
        '  Debian/Ubuntu: sudo apt-get install cmake g++\n' +
        '  macOS:         xcode-select --install && brew install cmake\n' +
        '  Windows:       Visual Studio 2022 Build Tools (C++ workload), which include CMake',
    );
  }
  cmakeChecked = true;
}

function build(project) {
  const buildDir = path.join(project.dir, 'build');
  const stampFile = path.join(buildDir, 'inputs.sha256');
  const outputFile = path.join(buildDir, 'bin', project.output);
  const inputs = hashInputs(project);
  if (
    !force &&
    existsSync(outputFile) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === inputs
  ) {
    console.log('[build-native] up to date:', path.relative(root, outputFile));
    return;
  }
  requireCmake();
  mkdirSync(buildDir, { recursive: true });
  const configureArgs = [
    '-S',
    project.dir,
    '-B',
    buildDir,
    '-DCMAKE_BUILD_TYPE=Release',
    `-DNODE_API_HEADERS_DIR=${nodeApiHeaders.include_dir}`,
    `-DNODE_API_DEF_FILE=${nodeApiHeaders.def_paths.node_api_def}`,
    ...project.defines,
  ];
  if (process.platform === 'win32') configureArgs.push('-A', 'x64');

  const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const started = Date.now();
  console.log(`[build-native] building the ${project.name} with ${jobs} jobs (minutes the first time)`);
  // The compiler output (thousands of lines) goes to a log file; only a failure's tail is printed.
  const logFile = path.join(buildDir, 'build.log');
  writeFileSync(logFile, '');
  for (const args of [configureArgs, ['--build', buildDir, '--config', 'Release', '--parallel', jobs]]) {
    const stepStarted = Date.now();
    const result = spawnSync('cmake', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const stepSeconds = ((Date.now() - stepStarted) / 1000).toFixed(0);
    appendFileSync(
      logFile,
      `$ cmake ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}[${stepSeconds} s]\n`,
    );
    if (args === configureArgs && result.status === 0) project.onConfigured?.(result.stdout ?? '');
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
  if (!existsSync(outputFile)) fail(`the build finished but ${outputFile} is missing`);
  writeFileSync(stampFile, inputs);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `[build-native] built ${path.relative(root, outputFile)} (${statSync(outputFile).size} bytes) in ${seconds} s`,
  );
}

for (const project of projects) build(project);

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/engine/project-root.js';

/** whisper.cpp's own programs this build can make: the reference CLIs (bench) and its HTTP server. */
export type NativeWhisperTool = 'whisper-cli' | 'whisper-server' | 'parakeet-cli';

/** The whisper.cpp source the addon is built from (the nodejs-whisper package vendors it). */
export function vendoredWhisperSource(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('nodejs-whisper/package.json')), 'cpp', 'whisper.cpp');
}

/**
 * Builds one of whisper.cpp's programs from the same vendored source as the addon, once, into
 * .cache/whisper-native (CPU only, -DGGML_NATIVE=ON, static), and returns its path. Both tools share
 * the build folder, so the second one costs only its own sources. Takes a few minutes the first time.
 */
export function buildNativeWhisperTool(tool: NativeWhisperTool): string {
  const buildDir = path.join(projectRoot(), '.cache', 'whisper-native');
  const binary = path.join(buildDir, 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);
  if (existsSync(binary)) return binary;
  const source = vendoredWhisperSource();
  console.error(`[native-whisper] building ${tool} from ${source} (once, a few minutes)`);
  const jobs = String(os.availableParallelism());
  const steps = [
    [
      '-S',
      source,
      '-B',
      buildDir,
      '-DCMAKE_BUILD_TYPE=Release',
      '-DGGML_NATIVE=ON',
      '-DBUILD_SHARED_LIBS=OFF',
      '-DWHISPER_BUILD_SERVER=ON',
      '-DWHISPER_CURL=OFF',
    ],
    ['--build', buildDir, '--config', 'Release', '--target', tool, '--parallel', jobs],
  ];
  for (const args of steps) {
    const result = spawnSync('cmake', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`cmake ${args.join(' ')} failed`);
  }
  if (!existsSync(binary)) throw new Error(`the build finished but ${binary} is missing`);
  return binary;
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/engine/project-root.js';

/**
 * whisper.cpp's own CLI built from the same source tree as the addon (node_modules/nodejs-whisper),
 * with -DGGML_NATIVE=ON: the reference "native build" the engine is compared with. Cached in .cache/.
 */
export function nativeWhisperCli(): string {
  return nativeExample('whisper-cli');
}

/** The bare parakeet-cli example from the same tree and build folder (the Parakeet reference). */
export function nativeParakeetCli(): string {
  return nativeExample('parakeet-cli');
}

function nativeExample(target: 'whisper-cli' | 'parakeet-cli'): string {
  const buildDir = path.join(projectRoot(), '.cache', 'whisper-native');
  const binary = path.join(buildDir, 'bin', process.platform === 'win32' ? `${target}.exe` : target);
  if (existsSync(binary)) return binary;
  const require = createRequire(import.meta.url);
  const source = path.join(
    path.dirname(require.resolve('nodejs-whisper/package.json')),
    'cpp',
    'whisper.cpp',
  );
  console.error(`[bench] building the native ${target} from ${source} (once, a few minutes)`);
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
    ],
    ['--build', buildDir, '--config', 'Release', '--target', target, '--parallel', jobs],
  ];
  for (const args of steps) {
    const result = spawnSync('cmake', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`cmake ${args.join(' ')} failed`);
  }
  return binary;
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot as findProjectRoot } from '../../src/engine/project-root.js';

export const projectRoot = findProjectRoot();
/** ../shared/fixtures relative to the project root (see its README); DICTATION_FIXTURES overrides. */
export const fixturesDir =
  process.env['DICTATION_FIXTURES'] ?? path.resolve(projectRoot, '..', 'shared', 'fixtures');

export const fixtures = {
  jfkWav: path.join(fixturesDir, 'audio', 'jfk.wav'),
  vocabOnlyModel: path.join(fixturesDir, 'models', 'ggml-tiny.en-vocab-only.bin'),
  microModel: path.join(fixturesDir, 'models', 'micro-en.bin'),
  sileroVad: path.join(fixturesDir, 'models', 'silero-v6.2.0-ggml.bin'),
  wakewordDir: path.join(fixturesDir, 'wakeword'),
};

export const cacheDir = path.join(projectRoot, '.cache');

/**
 * A full-size model with random weights (real tensor shapes, so real compute cost), generated once
 * into .cache/ by the fixtures' generator. `eot` makes the decoder stop at once.
 */
export function randomModel(
  preset: 'tiny.en' | 'tiny' | 'base.en' | 'base' | 'small.en',
  eot = false,
): string {
  const dir = path.join(cacheDir, 'models');
  const file = path.join(dir, `random-${preset}${eot ? '-eot' : ''}.bin`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.partial`;
  const args = [path.join(fixturesDir, 'tools', 'gen-random-ggml.py'), temp, '--preset', preset];
  if (eot) args.push('--eot');
  execFileSync(pythonWithNumpy(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(temp, file);
  return file;
}

/**
 * whisper.cpp's own tiny Parakeet TDT test model (16 KB, random weights), generated into .cache/. It
 * loads and runs, but on speech it decodes only blanks (no text).
 */
export function parakeetTestModel(): string {
  const generator = path.join(
    projectRoot,
    'node_modules',
    'nodejs-whisper',
    'cpp',
    'whisper.cpp',
    'models',
    'generate-parakeet-test-model.py',
  );
  return generated('parakeet-tiny-test.bin', [generator]);
}

/**
 * A full-size Parakeet TDT 0.6B v3 with random weights and the real shapes (tests/tools/
 * gen-random-parakeet.py, ~1.25 GB, generated once into .cache/). `blank` decodes nothing, so a
 * transcription costs mel + encoder only; the default decodes at a real model's token rate.
 */
export function randomParakeetModel(decode: 'speech' | 'blank' = 'speech'): string {
  const generator = path.join(projectRoot, 'tests', 'tools', 'gen-random-parakeet.py');
  return generated(
    `parakeet-v3-random${decode === 'blank' ? '-blank' : ''}.bin`,
    [generator],
    ['--decode', decode],
  );
}

/**
 * The same generator's miniature (~0.8 MB, 2 encoder layers of 64): loads in milliseconds and,
 * unlike whisper.cpp's test model, emits words and punctuation with times, so text paths are tested.
 */
export function tinyParakeetModel(): string {
  const generator = path.join(projectRoot, 'tests', 'tools', 'gen-random-parakeet.py');
  return generated('parakeet-tiny-random.bin', [generator], ['--preset', 'tiny']);
}

function generated(name: string, script: string[], extra: string[] = []): string {
  const dir = path.join(cacheDir, 'models');
  const file = path.join(dir, name);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.partial`;
  execFileSync(pythonWithNumpy(), [...script, temp, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(temp, file);
  return file;
}

/** The generator needs numpy: the python3 on PATH may lack it where Debian's /usr/bin/python3 has it. */
function pythonWithNumpy(): string {
  for (const python of [process.env['DICTATION_PYTHON'], 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    try {
      execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error('The random-weight model generator needs numpy: apt-get install python3-numpy');
}

export function makeTempDir(prefix = 'dictation-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const cliEntry = path.join(projectRoot, 'dist', 'src', 'cli', 'index.js');

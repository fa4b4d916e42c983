#!/usr/bin/env node
// Sandboxed preload scripts must be a single CommonJS file: bundle src/preload with esbuild.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

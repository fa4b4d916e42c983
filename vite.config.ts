import { defineConfig } from 'vite';

// The renderer is a plain web page: built to dist/renderer and loaded by the main process from disk.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});

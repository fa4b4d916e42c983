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
    // One bundle read from disk (not the network): its size costs no download.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // MUI marks its modules 'use client' (a React Server Components hint); meaningless in this bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Files that assert wall-clock figures (latency, rates, real-time audio). They run one at a time after
 * everything else, so a neighbour's CPU load never decides them.
 */
const timed = [
  'app-runtime',
  'bridge-guards',
  'commit-as-you-go',
  'delivery-x11',
  'dictation-pipeline',
  'electron-shell-stand-in',
  'engine',
  'engine-pause',
  'gpu-fallback',
  'hotkeys-x11',
  'jobs-control',
  'microphone-pulse',
  'parakeet-cli',
  'parakeet-engine',
  'wake-word',
  'wake-word-pulse',
]
  .map((name) => `tests/integration/${name}.test.ts`)
  .concat('tests/e2e/renderer-dictation.test.ts');

export default defineConfig({
  test: {
    // Most integration files wait on processes, sockets and audio clocks more than they compute:
    // two at a time on two cores roughly halves the wall time (vitest's default is cores - 1).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          exclude: timed,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'timed',
          include: timed,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Real-time and hours-long runs: `npm run soak`, run by .ci/run after `npm test`.
        test: {
          name: 'soak',
          include: ['tests/soak/**/*.test.ts'],
          environment: 'node',
          testTimeout: 3 * 60 * 60_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Files that run one at a time after everything else: those that assert wall-clock figures (latency,
 * rates, real-time audio), so a neighbour's CPU load never decides them, and those that drive an Xvfb
 * with a real keyboard hook or xdotool (under a busy neighbour Xvfb's keyboard was once not ready).
 */
const alone = [
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
  'text-profiles-x11',
  'utility-process-messages',
  'wake-word',
  'wake-word-pulse',
]
  .map((name) => `tests/integration/${name}.test.ts`)
  .concat(
    ['renderer-dictation', 'dictation-journey', 'electron-shell'].map((name) => `tests/e2e/${name}.test.ts`),
  );

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
          exclude: alone,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'one-at-a-time',
          include: alone,
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

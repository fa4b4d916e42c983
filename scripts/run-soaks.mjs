#!/usr/bin/env node
// `npm run soak`: the real-time and hours-long runs (vitest project "soak"). The wake-word soak plays
// 11 minutes of speech into a virtual microphone in real time and needs little CPU, so it runs beside
// the others (which are bounded by work, not by the clock) instead of after them: the whole run takes
// about as long as the longer of the two lines.
import { spawn } from 'node:child_process';

const REAL_TIME = 'tests/soak/wake-word-pulse-long.test.ts';
const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'soak'];
const lines = [
  { name: 'real-time', args: [...vitest, REAL_TIME] },
  { name: 'work-bound', args: [...vitest, '--exclude', REAL_TIME] },
];

const results = await Promise.all(
  lines.map(
    ({ name, args }) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, args, { stdio: 'inherit' });
        child.on('error', (error) => {
          console.error(`[soak] ${name} did not start: ${error.message}`);
          resolve(1);
        });
        child.on('exit', (code, signal) => {
          console.log(`[soak] ${name} line finished: ${signal ?? `exit code ${code}`}`);
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.every((code) => code === 0) ? 0 : 1);

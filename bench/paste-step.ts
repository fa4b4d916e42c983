// The paste step of a dictation, measured for real: our own Xvfb, an xterm running `cat`, and the
// delivery code pasting into it (save clipboard, set, keystroke, wait for the read, restore).
// bench:dictation calls measurePasteStep() and prints its figures next to its own.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTextDelivery } from '../src/services/delivery/index.js';
import { silentLogger } from '../src/services/logging/logger.js';
import type { DeliveryTimings } from '../src/shared/delivery.js';
import { makeTempDir } from '../tests/helpers/fixtures.js';
import {
  focusWindow,
  missingDesktopTools,
  startXtermCat,
  startXvfb,
  type XServer,
} from '../tests/helpers/x11-desktop.js';
import { median } from './stats.js';

export interface PasteStepOptions {
  runs?: number;
  text?: string;
  /** An X server and xterm already running (the tests pass theirs); otherwise both are started here. */
  server?: XServer;
  xterm?: { windowId: string; outFile: string };
}

export interface PasteStepMeasurement {
  target: string;
  runs: DeliveryTimings[];
  /** Median of each timing over the runs (steps that did not run count as 0). */
  median: Record<keyof DeliveryTimings, number>;
}

/** Pastes `text` into a real xterm `runs` times; throws if any run's text does not arrive exactly. */
export async function measurePasteStep(options: PasteStepOptions = {}): Promise<PasteStepMeasurement> {
  const missing = missingDesktopTools();
  if (missing.length) throw new Error(`the paste bench needs ${missing.join(', ')} (see .ci/run)`);
  const runs = options.runs ?? 10;
  const text = options.text ?? 'The quick brown fox jumps over the lazy dog, naïve café.';
  const temp = options.xterm ? null : makeTempDir('dictation-paste-bench-');
  const server = options.server ?? (await startXvfb());
  const outFile = options.xterm?.outFile ?? path.join(temp?.dir ?? '.', 'xterm-cat.txt');
  if (!options.xterm) writeFileSync(outFile, '');
  const xterm = options.xterm ?? (await startXtermCat(server.env, outFile));
  try {
    focusWindow(server.env, xterm.windowId);
    const delivery = createTextDelivery({ logger: silentLogger(), env: server.env });
    const timings: DeliveryTimings[] = [];
    for (let i = 0; i < runs; i++) {
      const from = statSync(outFile).size; // cat keeps appending
      const result = await delivery.deliverText(text);
      const arrived = await waitForFile(outFile, from, text);
      if (!result.ok || arrived !== text) {
        throw new Error(`paste run ${i + 1} failed: ${JSON.stringify({ result, arrived })}`);
      }
      timings.push(result.timings);
    }
    const keys = Object.keys(timings[0] ?? {}) as (keyof DeliveryTimings)[];
    const medians = Object.fromEntries(keys.map((k) => [k, median(timings.map((t) => t[k] ?? 0))]));
    return {
      target: 'xterm (PRIMARY + Shift+Insert)',
      runs: timings,
      median: medians as PasteStepMeasurement['median'],
    };
  } finally {
    if (!options.xterm && 'stop' in xterm) await xterm.stop();
    if (!options.server) await server.stop();
    temp?.cleanup();
  }
}

async function waitForFile(file: string, from: number, expected: string): Promise<string> {
  const arrived = () => readFileSync(file).subarray(from).toString('utf8');
  for (let i = 0; i < 100 && arrived() !== expected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return arrived();
}

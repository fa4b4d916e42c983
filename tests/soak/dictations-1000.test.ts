// 1,000 dictations in a row through the whole headless app (createAppRuntime behind the loopback
// bridge: settings, SQLite history, the engine process with Silero VAD and whisper.cpp, the dictation
// pipeline, delivery), the microphone being the one stand-in (PushSource). Prints the resident memory
// of this process (the app's main side) and of the engine, and the open file descriptors, at the start
// (after a warm-up) and at the end; all must stay flat, and every dictation must be in the history
// exactly once. SOAK_DICTATIONS overrides the count (for a quick look); SOAK_MODEL the model.
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import type { HistoryEntry } from '../../src/shared/history.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';

const COUNT = Number(process.env['SOAK_DICTATIONS'] ?? 1000);
const WARM_UP = Math.min(100, Math.floor(COUNT / 10));
const MODEL = process.env['SOAK_MODEL'] ?? fixtures.microModel;
const SR = 16000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function rssMb(pid: number | 'self'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) / 1024;
}
const openFds = () => readdirSync('/proc/self/fd').length;

interface Sample {
  at: number;
  mainRssMb: number;
  heapMb: number;
  engineRssMb: number;
  fds: number;
}

let app: HeadlessRuntime;
let jfk: Float32Array;
beforeAll(async () => {
  jfk = await readAudioFile(fixtures.jfkWav);
  app = await startHeadlessRuntime({ model: MODEL, speech: { livePartials: false } });
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe(`${COUNT} dictations in a row through the headless app (real engine)`, () => {
  it('memory and file descriptors stay flat; each dictation is in the history exactly once', async () => {
    const { runtime, source } = app;
    const enginePid = (): number => {
      const pid = runtime.engine.pid;
      if (!pid) throw new Error('the engine is not running');
      return pid;
    };
    const sample = (at: number): Sample => {
      gc();
      return {
        at,
        mainRssMb: rssMb('self'),
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
        engineRssMb: rssMb(enginePid()),
        fds: openFds(),
      };
    };
    const dictate = async (k: number): Promise<string> => {
      const done = new Promise<DictationEvent>((resolve) => {
        const off = runtime.dictation.subscribe((e) => {
          if (
            e.type === 'delivered' ||
            e.type === 'no_speech' ||
            (e.type === 'state' && e.status.phase === 'error')
          ) {
            off();
            resolve(e);
          }
        });
      });
      source.push(new Float32Array(SR / 2));
      const started = await runtime.core.handle({ type: 'dictation_start', trigger: 'ui' });
      if (!started.ok) throw new Error(`dictation ${k}: dictation_start: ${started.error.message}`);
      // 2.6 s of speech, starting at a different place each time (a different text now and then).
      const from = (k % 5) * 0.5 * SR;
      source.push(jfk.subarray(from, from + 2.6 * SR));
      const stopped = await runtime.core.handle({ type: 'dictation_stop' });
      if (!stopped.ok) throw new Error(`dictation ${k}: dictation_stop: ${stopped.error.message}`);
      const end = await done;
      if (end.type !== 'delivered') throw new Error(`dictation ${k} ended with ${JSON.stringify(end)}`);
      return end.sessionId;
    };

    const started = performance.now();
    const ids: string[] = [];
    const samples: Sample[] = [];
    const engineStart = enginePid();
    for (let k = 0; k < COUNT; k++) {
      ids.push(await dictate(k));
      app.events.length = 0; // the harness's own record of events is not the app's memory
      if (k + 1 === WARM_UP || (k + 1) % 100 === 0 || k + 1 === COUNT) samples.push(sample(k + 1));
    }
    const wallS = (performance.now() - started) / 1000;
    const first = samples[0] as Sample;
    const last = samples.at(-1) as Sample;
    console.log(
      `[soak dictations] ${COUNT} dictations in ${wallS.toFixed(0)} s (${((wallS * 1000) / COUNT).toFixed(0)} ms each), model ${MODEL}\n` +
        `  after dictation: ${samples.map((s) => s.at).join(', ')}\n` +
        `  main RSS MB:     ${samples.map((s) => s.mainRssMb.toFixed(0)).join(', ')}\n` +
        `  main heap MB:    ${samples.map((s) => s.heapMb.toFixed(1)).join(', ')}\n` +
        `  engine RSS MB:   ${samples.map((s) => s.engineRssMb.toFixed(0)).join(', ')}\n` +
        `  open fds:        ${samples.map((s) => s.fds).join(', ')}`,
    );

    expect(enginePid(), 'the engine never restarted').toBe(engineStart);
    // Every dictation once, and nothing else.
    const entries: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = runtime.history.page({ limit: 500, ...(cursor ? { cursor } : {}) });
      entries.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(entries.length).toBe(COUNT);
    expect(new Set(entries.map((e) => e.id))).toEqual(new Set(ids));
    expect(entries.every((e) => e.text.trim().length > 0)).toBe(true);

    // Flat after the warm-up. File descriptors: exactly as many (a leak of one per dictation would be
    // hundreds). Memory: the heap holds no more than a few MB more (the history page cache and V8's
    // own growth are bounded), RSS within 40 MB (the allocator keeps freed pages; a leak of the 2.6 s
    // of audio per dictation, 166 KB, would be 150 MB over 900 dictations).
    expect(last.fds - first.fds).toBeLessThanOrEqual(2);
    expect(last.heapMb - first.heapMb).toBeLessThan(8);
    expect(last.mainRssMb - first.mainRssMb).toBeLessThan(40);
    expect(last.engineRssMb - first.engineRssMb).toBeLessThan(40);
  });
});

// npm run bench:dictation — one 5 s utterance through the headless dictation pipeline (pre-roll,
// VAD, whisper, delivery) vs the same trimmed audio transcribed by the bare engine, interleaved in one
// run. Prints key-release-to-text, the bare transcription time, their ratio (target <= 1.15) and the
// paste step's time (real xdotool paste into an xterm under Xvfb when those exist). Then held
// dictations of 5 to 60 s with commit as you go (bench/held-dictation.ts; BENCH_HELD=0 skips them).
import path from 'node:path';
import { readAudioFile } from '../src/audio/open-audio.js';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import type { ListenerEvent } from '../src/engine/client/engine-client.js';
import { DictationController } from '../src/services/dictation/dictation-controller.js';
import { createTextDelivery } from '../src/services/delivery/index.js';
import { EngineHost } from '../src/services/engine-host/engine-host.js';
import { silentLogger } from '../src/services/logging/logger.js';
import { fixtures, makeTempDir, randomModel } from '../tests/helpers/fixtures.js';
import { focusWindow, missingDesktopTools, startXtermCat, startXvfb } from '../tests/helpers/x11-desktop.js';
import { PushSource } from '../tests/helpers/push-source.js';
import { dictationOutcome } from './dictation-outcome.js';
import { median, printTable } from './stats.js';
import { benchHeldDictations } from './held-dictation.js';

const SR = 16000;
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const model = process.env['BENCH_MODEL'] ?? randomModel('base.en', true);

/** A real X11 desktop with a focused xterm to paste into, when the tools exist. */
async function startDesktop(): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> } | null> {
  if (missingDesktopTools().length > 0) return null;
  const server = await startXvfb();
  const { dir, cleanup } = makeTempDir('bench-dictation-');
  const xterm = await startXtermCat(server.env, path.join(dir, 'typed.txt'));
  focusWindow(server.env, xterm.windowId);
  return {
    env: server.env,
    stop: async () => {
      await xterm.stop();
      await server.stop();
      cleanup();
    },
  };
}

async function main(): Promise<void> {
  const jfk = await readAudioFile(fixtures.jfkWav);
  const utterance = jfk.slice(0, 5 * SR);
  const desktop = await startDesktop();
  const delivery = createTextDelivery({ logger: silentLogger(), ...(desktop ? { env: desktop.env } : {}) });
  const mode = desktop ? 'paste' : 'copy';

  const host = new EngineHost({
    startChannel: () => forkEngineChannel(),
    clientName: 'bench',
    logger: silentLogger(),
  });
  await host.start();
  const info = await host.loadModel(model);
  await host.listen({
    vadModelPath: fixtures.sileroVad,
    silenceMs: 800,
    preRollMs: 500,
    options: { language: 'en' },
  });
  const source = new PushSource();
  const controller = new DictationController({
    engine: host,
    createSource: () => source,
    // Deliberately blank-proof: a random-weight model recognises no words, so deliver a fixed phrase
    // through the real paste path to time it.
    deliver: (text) => delivery.deliverText(text || 'benchmark', { mode }),
    logger: silentLogger(),
    preRollArmed: true,
    preRollMs: 500,
  });
  await controller.arm();

  let fed = new Float32Array(0);
  const feed = (samples: Float32Array) => {
    const joined = new Float32Array(fed.length + samples.length);
    joined.set(fed);
    joined.set(samples, fed.length);
    fed = joined;
    source.push(samples);
  };
  const engineEvents: ListenerEvent[] = [];
  host.onListenerEvent((e) => engineEvents.push(e));

  const pipeline: number[] = [];
  const untilRestored: number[] = [];
  const bare: number[] = [];
  const paste: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    feed(new Float32Array(SR));
    const sessionId = await controller.start('hotkey');
    // As a microphone delivers it: 32 ms blocks in real time, so the VAD keeps up while the user speaks.
    const feedStarted = performance.now();
    for (let at = 0; at < utterance.length; at += 512) {
      feed(utterance.subarray(at, at + 512));
      const due = feedStarted + ((at + 512) / SR) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const outcome = dictationOutcome(controller, sessionId);
    const released = performance.now();
    await controller.stop();
    const event = await outcome;
    const releaseToText = performance.now() - released;
    if (event.type !== 'delivered') {
      // The random model transcribes to nothing: the pipeline stops before delivery. Time it anyway.
    }
    const result = engineEvents.find((e) => e.type === 'utterance_result' && e.sessionId === sessionId);
    if (result?.type !== 'utterance_result') throw new Error('the utterance was not transcribed');
    const trimmed = fed.slice(Math.round((result.fromMs * SR) / 1000), Math.round((result.toMs * SR) / 1000));
    const started = performance.now();
    await host.requireClient().transcribe({ kind: 'pcm', samples: trimmed }, { language: 'en' }).result;
    const bareMs = performance.now() - started;
    if (i === 0) continue; // warm-up
    // Key release until the text was in the app; the user's clipboard is put back after that.
    pipeline.push(event.type === 'delivered' ? event.timings.releaseToTextMs : releaseToText);
    untilRestored.push(releaseToText);
    bare.push(bareMs);
    if (event.type === 'delivered') paste.push(event.timings.deliverMs);
  }
  await controller.dispose();
  await host.stop();
  await desktop?.stop();

  const ratio = median(pipeline) / median(bare);
  console.log(
    `\nbench:dictation — model ${info.type} (${model}), ${runs} runs, 5 s utterance (jfk.wav 0-5 s)`,
  );
  printTable(
    ['measure', 'median ms', 'all runs'],
    [
      [
        'key release -> text in the app (pipeline)',
        median(pipeline).toFixed(0),
        pipeline.map((v) => v.toFixed(0)).join(' '),
      ],
      [
        '... until the clipboard was restored too',
        median(untilRestored).toFixed(0),
        untilRestored.map((v) => v.toFixed(0)).join(' '),
      ],
      [
        'bare engine transcription, same audio',
        median(bare).toFixed(0),
        bare.map((v) => v.toFixed(0)).join(' '),
      ],
      [
        `paste step, until the text landed (${desktop ? 'xclip + xdotool into xterm, Xvfb' : 'copy only: no X11 tools'})`,
        paste.length ? median(paste).toFixed(0) : 'n/a',
        paste.map((v) => v.toFixed(0)).join(' '),
      ],
    ],
  );
  console.log(`\nratio pipeline / bare engine = ${ratio.toFixed(3)} (target <= 1.15)`);
  if (process.env['BENCH_HELD'] !== '0') {
    await benchHeldDictations(
      process.env['BENCH_HELD_MODEL'] ?? randomModel('base.en'),
      Number(process.env['BENCH_HELD_RUNS'] ?? 3),
    );
  }
}

await main();

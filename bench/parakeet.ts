// The Parakeet half of `npm run bench:engine`:
// (1) our path (CLI -> engine -> addon, 30 s windows cut at pauses) against the bare parakeet-cli
//     built from the same whisper.cpp source, same model, audio and threads (target a/b <= 1.10);
// (2) Parakeet TDT 0.6B v3 beside Whisper base.en and small.en on the same 60 s of speech, all
//     full-size with random weights: seconds, real-time factor, load time and peak memory.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineClient } from '../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import { cliEntry, randomModel, randomParakeetModel } from '../tests/helpers/fixtures.js';
import { writeLoopedSpeech } from '../tests/helpers/jobs.js';
import { nativeParakeetCli } from './native-whisper-cli.js';
import { median, printTable } from './stats.js';
import { timed } from './timed.js';

const SPEECH_SECONDS = 60;

const load = () => os.loadavg()[0]?.toFixed(1) ?? '?';

async function ratioToParakeetCli(
  model: string,
  audio: string,
  outDir: string,
  threads: number,
  runs: number,
) {
  const parakeetCli = nativeParakeetCli();
  const ours = [cliEntry, 'transcribe', audio, '--model', model, '--threads', String(threads)];
  ours.push('--format', 'json', '--out', outDir, '--overwrite');
  const bare = ['-m', model, '-f', audio, '-t', String(threads), '-np', '-ng'];
  timed(process.execPath, ours); // warm the page cache for both
  timed(parakeetCli, bare);
  const a: number[] = [];
  const b: number[] = [];
  const loads: string[] = [load()];
  for (let i = 0; i < runs; i++) {
    a.push(timed(process.execPath, ours));
    b.push(timed(parakeetCli, bare));
    loads.push(load());
  }
  return { a: median(a), b: median(b), loads };
}

/** One engine process: load, one warm-up, then `runs` transcriptions of the file; peak RSS after. */
async function engineRun(model: string, audio: string, threads: number, runs: number) {
  const channel = forkEngineChannel();
  const client = await EngineClient.connect(channel, 'bench-parakeet');
  const loadStarted = performance.now();
  await client.loadModel(model, { useGpu: false });
  const loadMs = performance.now() - loadStarted;
  const options = { threads, language: 'en' };
  await client.transcribe({ kind: 'file', path: audio }, options).result;
  const times: number[] = [];
  const loads: string[] = [load()];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await client.transcribe({ kind: 'file', path: audio }, options).result;
    times.push(performance.now() - started);
    loads.push(load());
  }
  const status = readFileSync(`/proc/${channel.pid}/status`, 'utf8');
  const peakMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  await client.shutdown();
  return { seconds: median(times) / 1000, loadMs, peakMb, loads };
}

export async function benchParakeet(tempDir: string, threads: number, runs: number): Promise<void> {
  const audio = await writeLoopedSpeech(path.join(tempDir, `speech-${SPEECH_SECONDS}s.wav`), SPEECH_SECONDS);
  const parakeet = randomParakeetModel();
  console.log(`\nParakeet TDT 0.6B v3 (random weights, real shapes, decoding at a real model's token rate)`);
  console.log(
    `audio: ${SPEECH_SECONDS} s of speech (jfk.wav looped), ${threads} threads, ${runs} runs, medians`,
  );

  const ratio = await ratioToParakeetCli(parakeet, audio, tempDir, threads, runs);
  printTable(
    ['model', '(a) engine via CLI ms', '(b) bare parakeet-cli ms', 'a/b', 'load average (1 min) per run'],
    [
      [
        'parakeet-tdt-0.6b-v3',
        ratio.a.toFixed(0),
        ratio.b.toFixed(0),
        (ratio.a / ratio.b).toFixed(3),
        ratio.loads.join(' '),
      ],
    ],
  );
  console.log('target: a/b <= 1.10 (end to end: process start, model load, decode, inference, output)\n');

  const models = [
    { name: 'parakeet-tdt-0.6b-v3 (decode at a real token rate)', path: parakeet },
    { name: 'whisper base.en (decoder stops at once: mel + encoder)', path: randomModel('base.en', true) },
    { name: 'whisper base.en (random tokens: full decode)', path: randomModel('base.en') },
    { name: 'whisper small.en (decoder stops at once: mel + encoder)', path: randomModel('small.en', true) },
    { name: 'whisper small.en (random tokens: full decode)', path: randomModel('small.en') },
  ];
  const rows: string[][] = [];
  for (const model of models) {
    const run = await engineRun(model.path, audio, threads, runs);
    rows.push([
      model.name,
      run.seconds.toFixed(2),
      (run.seconds / SPEECH_SECONDS).toFixed(3),
      (run.loadMs / 1000).toFixed(2),
      run.peakMb.toFixed(0),
      run.loads.join(' '),
    ]);
  }
  printTable(['model', 'seconds', 'real-time factor', 'load s', 'peak RSS MB', 'load average per run'], rows);
  console.log(
    'Whisper with random weights either stops at once (a lower bound: no text decoded) or decodes\n' +
      'random tokens to its limit (an upper bound); real speech costs in between.',
  );
}

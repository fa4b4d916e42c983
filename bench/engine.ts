// npm run bench:engine — the engine through the CLI path vs a natively built whisper.cpp CLI,
// same model, audio and thread count, measured in one run (interleaved). Prints a/b (target <= 1.10),
// the model load time, the engine's peak RSS and the device each row ran on; with the Vulkan loader
// and lavapipe installed, one more row runs the engine on the Vulkan device. Then the same for
// Parakeet against parakeet-cli, and Parakeet beside Whisper base.en and small.en (bench/parakeet.ts;
// BENCH_PARAKEET=0 skips it, BENCH_WHISPER=0 skips the Whisper part).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAudioFile } from '../src/audio/open-audio.js';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import { EngineClient } from '../src/engine/client/engine-client.js';
import { deviceLabel } from '../src/engine/device/compute-devices.js';
import { cliEntry, fixtures, makeTempDir, randomModel } from '../tests/helpers/fixtures.js';
import { LAVAPIPE_ICD, lavapipeEnv, vulkanLoaderPresent } from '../tests/helpers/vulkan.js';
import { encodeWav } from '../tests/helpers/wav-writer.js';
import { nativeWhisperCli } from './native-whisper-cli.js';
import { benchParakeet } from './parakeet.js';
import { median, printTable } from './stats.js';
import { timed } from './timed.js';

const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const audio = process.env['BENCH_AUDIO'] ?? fixtures.jfkWav;

/** The first `seconds` of a file as 16 kHz 16-bit WAV (whisper-cli reads WAV only). */
async function firstSeconds(file: string, seconds: number, dir: string): Promise<string> {
  const samples = await readAudioFile(file);
  const out = path.join(dir, `first-${seconds}s.wav`);
  writeFileSync(
    out,
    encodeWav(samples.subarray(0, seconds * 16000), { sampleRate: 16000, channels: 1, bits: 16 }),
  );
  return out;
}

async function engineFacts(
  model: string,
  audio: string,
  env: NodeJS.ProcessEnv,
): Promise<{ loadMs: number; inferenceMs: number; peakRssMb: number; device: string }> {
  const channel = forkEngineChannel({ env });
  const client = await EngineClient.connect(channel, 'bench');
  const info = await client.loadModel(model);
  const transcript = await client.transcribe({ kind: 'file', path: audio }, { threads, language: 'en' })
    .result;
  const status = readFileSync(`/proc/${channel.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  await client.shutdown();
  const ran = transcript.device;
  const device = ran ? `${ran.gpu ? 'GPU' : 'CPU'}: ${ran.name}` : deviceLabel(info.device);
  return {
    loadMs: info.loadMs,
    inferenceMs: transcript.timings.inferenceMs,
    peakRssMb: peakKb / 1024,
    device,
  };
}

/** On a machine with the Vulkan loader and lavapipe, the tiny.en row once more on the Vulkan device. */
function vulkanRows(): { name: string; path: string; env: NodeJS.ProcessEnv }[] {
  if (!vulkanLoaderPresent() || !existsSync(LAVAPIPE_ICD)) return [];
  return [
    {
      name: 'tiny.en, random weights, full decode, Vulkan on lavapipe (a CPU driver: proves the path, not the speed)',
      path: randomModel('tiny.en'),
      env: lavapipeEnv({ DICTATION_GPU_DEADLINE_MS: '600000' }),
    },
  ];
}

async function main(): Promise<void> {
  const temp = makeTempDir('dictation-bench-');
  if (process.env['BENCH_WHISPER'] !== '0') await benchWhisper(temp.dir);
  if (process.env['BENCH_PARAKEET'] !== '0') await benchParakeet(temp.dir, threads, runs);
  temp.cleanup();
}

async function benchWhisper(tempDir: string): Promise<void> {
  const whisperCli = nativeWhisperCli();
  const models: { name: string; path: string; clip?: number; env?: NodeJS.ProcessEnv }[] = [
    {
      name: 'base.en, random weights, decoder stops at once (mel + encoder)',
      path: randomModel('base.en', true),
    },
    { name: 'tiny.en, random weights, full decode', path: randomModel('tiny.en') },
    // micro-en's audio window is 6 s and whisper-cli transcribes only its first window: give both 5 s.
    { name: 'micro-en fixture (6 s window, real text), first 5 s', path: fixtures.microModel, clip: 5 },
    ...vulkanRows(),
  ];
  console.log(
    `audio ${path.basename(audio)}, ${threads} threads, ${runs} runs each, interleaved; medians in ms`,
  );
  console.log(`cpu: ${os.cpus()[0]?.model ?? 'unknown'}, node ${process.version}\n`);
  const rows: string[][] = [];
  for (const model of models) {
    const engineTimes: number[] = [];
    const nativeTimes: number[] = [];
    // Same decoding on both sides: greedy, one candidate, non-speech tokens suppressed.
    const input = model.clip ? await firstSeconds(audio, model.clip, tempDir) : audio;
    const cliArgs = [cliEntry, 'transcribe', input, '--model', model.path, '--threads', String(threads)];
    cliArgs.push('--language', 'en', '--format', 'json', '--out', tempDir, '--overwrite');
    const nativeArgs = ['-m', model.path, '-f', input, '-t', String(threads), '-l', 'en'];
    nativeArgs.push('-bs', '1', '-bo', '1', '-sns', '-np');
    const env = model.env ?? process.env;
    timed(process.execPath, cliArgs, env); // warm the page cache (and the driver's shader cache) for both
    timed(whisperCli, nativeArgs);
    for (let i = 0; i < runs; i++) {
      engineTimes.push(timed(process.execPath, cliArgs, env));
      nativeTimes.push(timed(whisperCli, nativeArgs));
    }
    const facts = await engineFacts(model.path, input, env);
    const a = median(engineTimes);
    const b = median(nativeTimes);
    rows.push([
      model.name,
      facts.device,
      a.toFixed(0),
      b.toFixed(0),
      (a / b).toFixed(3),
      facts.loadMs.toFixed(0),
      facts.inferenceMs.toFixed(0),
      facts.peakRssMb.toFixed(0),
    ]);
  }
  printTable(
    [
      'model',
      'engine device',
      '(a) engine via CLI',
      '(b) native whisper-cli',
      'a/b',
      'load ms',
      'inference ms',
      'peak RSS MB',
    ],
    rows,
  );
  console.log('\ntarget: a/b <= 1.10 (end to end: process start, model load, decode, inference, output)');
  console.log('(b) always runs on the CPU; a Vulkan row compares the engine on that device with it.');
}

await main();

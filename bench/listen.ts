// npm run bench:listen — what always-on listening costs: about 30 minutes of mixed speech and silence
// (espeak-ng sentences in three voices, a few "hey jarvis" phrases, pauses of 1-15 s; joined with sox)
// fed through the engine's live listener as fast as it goes, VAD + wake word, against a baseline run
// that only ships the same audio into the engine. Prints the engine's CPU time per second of audio
// (real-time factor of one core; target <= 0.02) on its main thread, where the listener runs, apart from
// whisper.cpp transcribing the words after each wake phrase on worker threads; RSS and wake detections.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { EngineClient, type ListenerEvent } from '../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../src/engine/client/fork-channel.js';
import { SAMPLE_RATE } from '../tests/helpers/espeak.js';
import { fixtures, makeTempDir } from '../tests/helpers/fixtures.js';
import { printTable } from './stats.js';

const minutes = Number(process.env['BENCH_LISTEN_MINUTES'] ?? 30);
const BLOCK = 1600;
const CLOCK_TICKS = 100;

const SENTENCES = [
  'The weather is nice today and I would like a cup of tea.',
  'Please send the quarterly report to the finance team before Friday.',
  'We walked along the river until the sun went down behind the hills.',
  'Remember to buy milk, bread, eggs and some fresh vegetables.',
  'The meeting has been moved to Thursday afternoon at three o clock.',
  'Can you check whether the server restarted after the update last night?',
  'Harvey said the jar was heavy, so he carried it with both hands.',
  'Our train leaves from platform nine, so we should hurry up.',
];
const VOICES = [
  ['en-us', 160],
  ['en-gb', 175],
  ['en-us+f3', 145],
] as const;

/** A seeded generator so every run builds the same clip. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function soxToWav(
  dir: string,
  name: string,
  input: string[],
  effects: string[] = [],
): { file: string; seconds: number } {
  const file = path.join(dir, `${name}.wav`);
  execFileSync('sox', [...input, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', file, ...effects]);
  const seconds = Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
  return { file, seconds };
}

function speech(dir: string, name: string, text: string, voice: string, speed: number) {
  const raw = path.join(dir, `${name}-espeak.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-w', raw, text]);
  return soxToWav(dir, name, [raw]);
}

interface LongClip {
  file: string;
  seconds: number;
  speechSeconds: number;
  /** Where each wake phrase is, seconds. */
  wakeAt: number[];
}

function buildLongClip(dir: string): LongClip {
  const sentences = VOICES.flatMap(([voice, speed], v) =>
    SENTENCES.map((text, i) => speech(dir, `s${v}-${i}`, text, voice, speed)),
  );
  const wake = speech(dir, 'wake', 'hey jarvis, add coffee to the shopping list', 'en-us', 150);
  const silences = [1, 2, 3, 5, 8, 12, 15].map((s) =>
    soxToWav(dir, `silence-${s}`, ['-n', '-r', String(SAMPLE_RATE), '-c', '1'], ['trim', '0', String(s)]),
  );
  const next = random(7);
  const parts: string[] = [];
  const wakeAt: number[] = [];
  let seconds = 0;
  let speechSeconds = 0;
  let nextWake = 120;
  while (seconds < minutes * 60) {
    const pause = silences[Math.floor(next() * silences.length)] ?? silences[0];
    if (!pause) break;
    parts.push(pause.file);
    seconds += pause.seconds;
    const clip = seconds >= nextWake ? wake : sentences[Math.floor(next() * sentences.length)];
    if (!clip) break;
    if (clip === wake) {
      wakeAt.push(seconds);
      nextWake += 300;
    }
    parts.push(clip.file);
    seconds += clip.seconds;
    speechSeconds += clip.seconds;
  }
  // sox joins the parts in one pass (in a few batches to keep the command line short).
  const batches: string[] = [];
  for (let i = 0; i < parts.length; i += 200) {
    batches.push(soxToWav(dir, `batch-${batches.length}`, parts.slice(i, i + 200)).file);
  }
  const file = path.join(dir, 'long.f32');
  execFileSync('sox', [...batches, '-t', 'raw', '-e', 'floating-point', '-b', '32', file]);
  return { file, seconds: statSync(file).size / 4 / SAMPLE_RATE, speechSeconds, wakeAt };
}

function cpuSeconds(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * The engine's CPU time, split: its main thread runs the listener (VAD, wake word, IPC); whisper.cpp
 * transcribes on worker threads. Transcribing the words after a wake phrase is dictation, not the cost
 * of listening, so the two are reported apart.
 */
function engineCpu(pid: number): { main: number; total: number } {
  return { main: cpuSeconds(`/proc/${pid}/task/${pid}/stat`), total: cpuSeconds(`/proc/${pid}/stat`) };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface RunResult {
  /** Engine main thread (listener) CPU seconds. */
  cpu: number;
  /** Engine worker threads (whisper.cpp transcribing) CPU seconds. */
  transcribeCpu: number;
  wallSeconds: number;
  rssStartMb: number;
  rssEndMb: number;
  peakMb: number;
  events: ListenerEvent[];
  transcriptions: number;
  /** RSS (MB) after every 5 minutes of audio. */
  rssTrail: number[];
}

async function run(clip: LongClip, wake: boolean): Promise<RunResult> {
  const channel = forkEngineChannel();
  const pid = channel.pid;
  if (pid === undefined) throw new Error('The engine process did not start.');
  const client = await EngineClient.connect(channel, 'bench-listen');
  const events: ListenerEvent[] = [];
  client.onListenerEvent((event) => events.push(event));
  await client.loadModel(fixtures.vocabOnlyModel);
  const jarvis = path.join(fixtures.wakewordDir, 'hey_jarvis_v0.1.onnx');
  await client.listenStart({
    vadModelPath: fixtures.sileroVad,
    options: { language: 'en' },
    ...(wake ? { wake: { models: [{ phrase: 'hey jarvis', path: jarvis }] } } : {}),
  });
  const rssStartMb = (await client.status()).rssBytes / 2 ** 20;
  const cpuStart = engineCpu(pid);
  const started = performance.now();
  const fd = openSync(clip.file, 'r');
  const buffer = Buffer.alloc(BLOCK * 4 * 100);
  const rssTrail: number[] = [];
  let fed = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      const samples = new Float32Array(buffer.buffer.slice(0, read - (read % 4)));
      for (let at = 0; at < samples.length; at += BLOCK) client.sendAudio(samples.slice(at, at + BLOCK));
      // A status round trip every 10 s of audio keeps the engine's inbox from growing without bound.
      const { rssBytes } = await client.status();
      fed += samples.length;
      if (fed % (SAMPLE_RATE * 300) < samples.length) rssTrail.push(rssBytes / 2 ** 20);
    }
  } finally {
    closeSync(fd);
  }
  await client.audioEnd();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuEnd = engineCpu(pid);
  const cpu = cpuEnd.main - cpuStart.main;
  const transcribeCpu = cpuEnd.total - cpuStart.total - cpu;
  const transcriptions = (await client.status()).transcriptions;
  const rssEndMb = (await client.status()).rssBytes / 2 ** 20;
  const peakMb = peakRssMb(pid);
  await client.shutdown();
  return { cpu, transcribeCpu, transcriptions, wallSeconds, rssStartMb, rssEndMb, peakMb, events, rssTrail };
}

async function main(): Promise<void> {
  const temp = makeTempDir('dictation-bench-listen-');
  try {
    const clip = buildLongClip(temp.dir);
    console.log(
      `clip: ${(clip.seconds / 60).toFixed(1)} min, ${((100 * clip.speechSeconds) / clip.seconds).toFixed(0)} % speech ` +
        `(${clip.wakeAt.length} "hey jarvis" phrases, the rest other sentences), fed as fast as the engine takes it\n`,
    );
    const baseline = await run(clip, false);
    const listening = await run(clip, true);
    const rows = [
      ['audio into the engine only (baseline)', baseline],
      ['VAD + wake word (always-on listening)', listening],
    ] as const;
    printTable(
      [
        'run',
        'listener cpu s',
        'RTF (1 core)',
        'whisper cpu s (runs)',
        'wall s',
        'RSS start MB',
        'RSS end MB',
        'peak RSS MB',
      ],
      rows.map(([name, r]) => [
        name,
        r.cpu.toFixed(1),
        (r.cpu / clip.seconds).toFixed(4),
        `${r.transcribeCpu.toFixed(1)} (${r.transcriptions})`,
        r.wallSeconds.toFixed(1),
        r.rssStartMb.toFixed(0),
        r.rssEndMb.toFixed(0),
        r.peakMb.toFixed(0),
      ]),
    );
    const wakes = listening.events.filter((e) => e.type === 'wake_word');
    const hits = clip.wakeAt.filter((at) =>
      wakes.some((w) => w.atMs / 1000 >= at && w.atMs / 1000 <= at + 3),
    );
    const falseTriggers = wakes.filter(
      (w) => !clip.wakeAt.some((at) => w.atMs / 1000 >= at && w.atMs / 1000 <= at + 3),
    );
    const extraCpu = listening.cpu - baseline.cpu;
    console.log(
      `\nVAD + wake word alone (engine main thread, minus the baseline's): ${(extraCpu / clip.seconds).toFixed(4)} of one core (target <= 0.02); ` +
        `${(listening.cpu / Math.max(0.001, baseline.cpu)).toFixed(2)}x the baseline's CPU`,
    );
    console.log(
      `wake word: ${hits.length}/${clip.wakeAt.length} phrases heard, ${falseTriggers.length} false triggers in ` +
        `${((clip.speechSeconds - clip.wakeAt.length * 3) / 60).toFixed(1)} min of other speech`,
    );
    console.log(
      `memory: RSS ${listening.rssStartMb.toFixed(0)} MB at start, ${listening.rssEndMb.toFixed(0)} MB at the end ` +
        `(${(listening.rssEndMb - listening.rssStartMb).toFixed(1)} MB change over ${(clip.seconds / 60).toFixed(0)} min); ` +
        `every 5 min: ${listening.rssTrail.map((mb) => mb.toFixed(0)).join(', ')} MB`,
    );
  } finally {
    temp.cleanup();
  }
}

await main();

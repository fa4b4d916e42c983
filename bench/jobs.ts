// npm run bench:jobs — the file job queue's throughput with the concurrency it chooses for this machine,
// against running the same jobs one at a time with the best thread count, measured in one run
// (interleaved rounds). Prints the throughput ratio (target >= 0.95) and the engine's peak memory for a
// 60-minute input. Model: a full-size tiny.en with random weights whose decoder stops at once, so each
// 30 s window costs what the real model's mel + encoder cost (no weights can be downloaded here).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from '../src/audio/ffmpeg.js';
import { concurrencyLimits, type ConcurrencyLimits } from '../src/services/jobs/concurrency.js';
import { JobQueue } from '../src/services/jobs/job-queue.js';
import { openDatabase } from '../src/services/storage/database.js';
import { fixtures, makeTempDir, randomModel } from '../tests/helpers/fixtures.js';
import { trackedEngineFactory, writeLoopedSpeech } from '../tests/helpers/jobs.js';
import { median, printTable } from './stats.js';

const cores = os.availableParallelism();
const copies = Number(process.env['BENCH_JOBS'] ?? 4 * cores);
const rounds = Number(process.env['BENCH_RUNS'] ?? 2);
const longMinutes = Number(process.env['BENCH_LONG_MINUTES'] ?? 60);
const clip = process.env['BENCH_AUDIO'] ?? fixtures.jfkWav;

const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU seconds (user + system) a process has used: what the work cost, whatever else the machine runs. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface RunResult {
  ms: number;
  /** Peak RSS of each engine process the run started, MB. */
  enginePeaksMb: number[];
  /** CPU time of all its engine processes together, s. */
  engineCpuS: number;
  audioMs: number;
}

/** Runs `files` through a fresh queue (own database, own engines) and times start to drained. */
async function runQueue(
  dir: string,
  name: string,
  files: string[],
  limits: Partial<ConcurrencyLimits>,
  model: string,
): Promise<RunResult> {
  const db = openDatabase(path.join(dir, `${name}.db`));
  const engines = trackedEngineFactory();
  const queue = new JobQueue({ db, engineFactory: engines.factory, limits, engineIdleMs: 600_000 });
  const { added, rejected } = await queue.add(files, {
    modelPath: model,
    language: 'en',
    formats: ['vtt'],
    outputDir: path.join(dir, `${name}-out`),
  });
  if (rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(rejected)}`);
  const started = performance.now();
  queue.start();
  await queue.drain();
  const ms = performance.now() - started;
  const jobs = added.map((job) => queue.get(job.id));
  const failed = jobs.filter((job) => job?.state !== 'completed');
  if (failed.length > 0) throw new Error(`jobs failed: ${JSON.stringify(failed[0]?.failure)}`);
  const enginePeaksMb = engines.pids.map(peakRssMb);
  const engineCpuS = engines.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  await queue.close();
  db.close();
  const audioMs = jobs.reduce((sum, job) => sum + (job?.durationMs ?? 0), 0);
  return { ms, enginePeaksMb, engineCpuS, audioMs };
}

async function main(): Promise<void> {
  const temp = makeTempDir('dictation-bench-jobs-');
  const model = randomModel('tiny.en', true);
  const files = Array.from({ length: copies }, (_, i) => {
    const file = path.join(temp.dir, `clip-${i}${path.extname(clip)}`);
    copyFileSync(clip, file);
    return file;
  });
  const queueLimits: Partial<ConcurrencyLimits> = {};
  const chosen = concurrencyLimits();
  console.log(`cpu: ${os.cpus()[0]?.model ?? 'unknown'}, ${cores} cores, node ${process.version}`);
  console.log(`model: random-weight tiny.en, decoder stops at once (mel + encoder cost per 30 s window)`);
  console.log(
    `${copies} copies of ${path.basename(clip)}, ${rounds} interleaved rounds; queue limits: ${chosen.maxJobs} jobs at once, ${chosen.cores} cores\n`,
  );

  const configs: { name: string; limits: Partial<ConcurrencyLimits> }[] = [
    { name: 'queue (its own choice)', limits: queueLimits },
    ...Array.from({ length: Math.min(cores, 8) }, (_, i) => ({
      name: `one job at a time, ${i + 1} thread${i ? 's' : ''}`,
      limits: { maxJobs: 1, cores: i + 1, maxThreadsPerJob: i + 1 },
    })),
  ];
  const times = new Map<string, number[]>(configs.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(configs.map((c) => [c.name, []]));
  console.log(`load average before: ${loadAverage()} (other work on the machine skews wall times)`);
  await runQueue(temp.dir, 'warm-up', files.slice(0, 1), {}, model); // page cache, model file, addon
  for (let round = 0; round < rounds; round++) {
    for (const config of configs) {
      const result = await runQueue(
        temp.dir,
        `r${round}-${config.name.replace(/\W+/g, '-')}`,
        files,
        config.limits,
        model,
      );
      times.get(config.name)?.push(result.ms);
      cpu.get(config.name)?.push(result.engineCpuS);
    }
  }
  const medians = new Map([...times].map(([name, ms]) => [name, median(ms)]));
  const queueMs = medians.get(configs[0]?.name ?? '') as number;
  const singles = configs.slice(1).map((c) => ({ name: c.name, ms: medians.get(c.name) as number }));
  const best = singles.reduce((a, b) => (b.ms < a.ms ? b : a));
  printTable(
    ['configuration', 'median ms', 'jobs/min', 'engine CPU s per job'],
    [...medians].map(([name, ms]) => [
      name,
      ms.toFixed(0),
      ((copies * 60_000) / ms).toFixed(1),
      (median(cpu.get(name) ?? []) / copies).toFixed(2),
    ]),
  );
  console.log(`load average after: ${loadAverage()}`);
  console.log(
    `\nthroughput ratio queue / best single-job setting (${best.name}): ${(best.ms / queueMs).toFixed(3)} (target >= 0.95)`,
  );

  // Peak memory of the engine for a long input, streamed window by window (BENCH_LONG_MINUTES=0 skips it).
  const minutes = longMinutes;
  if (minutes <= 0) return temp.cleanup();
  const longWav = await writeLoopedSpeech(path.join(temp.dir, `speech-${minutes}min.wav`), minutes * 60);
  const inputs = [longWav];
  const ffmpeg = locateFfmpeg();
  if (ffmpeg) {
    const flac = path.join(temp.dir, `speech-${minutes}min.flac`);
    execFileSync(ffmpeg, ['-v', 'error', '-y', '-i', longWav, '-c:a', 'flac', flac]);
    inputs.push(flac);
  }
  const short = await runQueue(temp.dir, 'short', [clip], {}, model);
  const rows: string[][] = [
    [
      `${path.basename(clip)} (baseline)`,
      (short.audioMs / 60_000).toFixed(1),
      (short.ms / 1000).toFixed(1),
      '-',
      short.enginePeaksMb[0]?.toFixed(0) ?? '?',
    ],
  ];
  for (const input of inputs) {
    const long = await runQueue(temp.dir, `long-${path.extname(input).slice(1)}`, [input], {}, model);
    rows.push([
      path.basename(input),
      (long.audioMs / 60_000).toFixed(1),
      (long.ms / 1000).toFixed(1),
      (long.audioMs / long.ms).toFixed(1),
      long.enginePeaksMb[0]?.toFixed(0) ?? '?',
    ]);
  }
  console.log('');
  printTable(['input', 'audio min', 'wall s', 'x real time', 'engine peak RSS MB'], rows);
  console.log(
    `\n(a whole ${minutes}-minute file decoded into memory would be ${((minutes * 60 * 16000 * 4) / 1048576).toFixed(0)} MB of samples alone)`,
  );
  temp.cleanup();
}

await main();

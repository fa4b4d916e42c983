// npm run bench:remote — file jobs over remote OpenAI-compatible servers: the same batch on one
// whisper.cpp server and on two (each pinned to one thread and one core of this machine), and one long
// file cut into pieces across two servers against one. Prints both throughput ratios (targets >= 1.8
// and >= 1.7), medians of interleaved runs. Model: a full-size tiny.en with random weights whose
// decoder stops at once (BENCH_MODEL to use another), so each request costs mel + encoder of a window,
// what the real model's cost is dominated by; no weights can be downloaded here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobQueue } from '../src/services/jobs/job-queue.js';
import type { RemoteEngineSpec } from '../src/services/jobs/pieces/piece-setup.js';
import { openDatabase } from '../src/services/storage/database.js';
import { fixtures, fixturesDir, makeTempDir, projectRoot } from '../tests/helpers/fixtures.js';
import { writeLoopedSpeech } from '../tests/helpers/jobs.js';
import { startWhisperServer, type RunningWhisperServer } from '../tests/helpers/whisper-server.js';
import { median, printTable } from './stats.js';

const batchFiles = Number(process.env['BENCH_FILES'] ?? 8);
const clipSeconds = Number(process.env['BENCH_CLIP_SECONDS'] ?? 25);
const longSeconds = Number(process.env['BENCH_LONG_SECONDS'] ?? 200);
const pieceSeconds = Number(process.env['BENCH_PIECE_SECONDS'] ?? 25);
const runs = Number(process.env['BENCH_RUNS'] ?? 3);

/** The random-weights model, generated once into this checkout's .cache/bench-models. */
function benchModel(): string {
  if (process.env['BENCH_MODEL']) return path.resolve(process.env['BENCH_MODEL']);
  const dir = path.join(projectRoot, '.cache', 'bench-models');
  const file = path.join(dir, 'random-tiny.en-eot.bin');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const script = path.join(fixturesDir, 'tools', 'gen-random-ggml.py');
  execFileSync('python3', [script, `${file}.partial`, '--preset', 'tiny.en', '--eot'], { stdio: 'inherit' });
  renameSync(`${file}.partial`, file);
  return file;
}

/** The whisper-server process listening on `port` (taskset execs it, so it is the spawned pid). */
function serverPid(port: number): number {
  return Number(
    execFileSync('pgrep', ['-f', '--', `port ${port} `])
      .toString()
      .trim()
      .split('\n')[0],
  );
}

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The run's critical path in CPU seconds: the most any one server computed. On a machine shared with
 * other work, wall time mostly measures the neighbours; this measures how evenly the work was spread.
 */
function busiestServerCpu(pids: number[], before: number[]): number {
  return Math.max(...pids.map((pid, i) => cpuSeconds(pid) - (before[i] ?? 0)));
}

function spec(server: RunningWhisperServer, name: string): RemoteEngineSpec {
  return { config: { id: name, name, baseUrl: server.baseUrl, model: 'bench', concurrency: 1 } };
}

/** Seconds from adding `files` to a remote-only queue until every job is done (all must complete). */
async function timeQueue(
  dir: string,
  name: string,
  files: string[],
  remotes: RemoteEngineSpec[],
  modelPath: string,
): Promise<number> {
  const db = openDatabase(path.join(dir, `${name}.db`));
  const queue = new JobQueue({
    db,
    pieces: {
      remotes,
      localConcurrency: 0,
      split: { targetMs: pieceSeconds * 1000 },
      remoteTimeoutMs: 600_000,
    },
  });
  const started = performance.now();
  await queue.add(files, {
    modelPath,
    // Long files are cut at the pauses the Silero VAD finds, as the app does.
    vadModelPath: fixtures.sileroVad,
    language: 'en',
    formats: ['json'],
    outputDir: path.join(dir, `${name}-out`),
  });
  queue.start();
  await queue.drain();
  const seconds = (performance.now() - started) / 1000;
  const failed = queue.list().filter((j) => j.state !== 'completed');
  await queue.close();
  db.close();
  if (failed.length > 0)
    throw new Error(`${failed.length} jobs did not complete: ${failed[0]?.failure?.message}`);
  return seconds;
}

async function main(): Promise<void> {
  const temp = makeTempDir('dictation-bench-remote-');
  const model = benchModel();
  console.log(
    `model ${path.basename(model)}; ${batchFiles} files of ${clipSeconds} s; one file of ${longSeconds} s in ~${pieceSeconds} s pieces; ${runs} runs`,
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.availableParallelism()} cores`,
  );
  const servers = await Promise.all([0, 1].map((cpu) => startWhisperServer({ model, threads: 1, cpu })));
  // Interrupted, the servers go too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(
      signal,
      () => void Promise.all(servers.map((s) => s.stop())).finally(() => process.exit(130)),
    );
  }
  try {
    const clips: string[] = [];
    for (let i = 0; i < batchFiles; i++)
      clips.push(await writeLoopedSpeech(path.join(temp.dir, 'batch', `clip-${i}.wav`), clipSeconds));
    const long = await writeLoopedSpeech(path.join(temp.dir, 'long', 'long.wav'), longSeconds);
    const one = [spec(servers[0]!, 'a')];
    const two = [spec(servers[0]!, 'a'), spec(servers[1]!, 'b')];
    // Warm-up: both servers have loaded and run the model once.
    await timeQueue(temp.dir, 'warm', clips.slice(0, 2), two, model);
    const batch = { one: [] as number[], two: [] as number[] };
    const split = { one: [] as number[], two: [] as number[] };
    const pids = servers.map((s) => serverPid(s.port));
    const cpu = {
      batchOne: [] as number[],
      batchTwo: [] as number[],
      longOne: [] as number[],
      longTwo: [] as number[],
    };
    for (let run = 0; run < runs; run++) {
      // Interleaved, alternating which goes first, so a noisy neighbour hurts both alike.
      const order = run % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const);
      for (const which of order) {
        const engines = which === 'one' ? one : two;
        let before = pids.map(cpuSeconds);
        batch[which].push(await timeQueue(temp.dir, `batch-${which}-${run}`, clips, engines, model));
        cpu[which === 'one' ? 'batchOne' : 'batchTwo'].push(busiestServerCpu(pids, before));
        before = pids.map(cpuSeconds);
        split[which].push(await timeQueue(temp.dir, `long-${which}-${run}`, [long], engines, model));
        cpu[which === 'one' ? 'longOne' : 'longTwo'].push(busiestServerCpu(pids, before));
      }
      console.log(
        `run ${run + 1}: batch ${batch.one.at(-1)?.toFixed(1)} s / ${batch.two.at(-1)?.toFixed(1)} s, long ${split.one.at(-1)?.toFixed(1)} s / ${split.two.at(-1)?.toFixed(1)} s`,
      );
    }
    const rows = [
      [
        'batch',
        median(batch.one).toFixed(2),
        median(batch.two).toFixed(2),
        (median(batch.one) / median(batch.two)).toFixed(2),
        '>= 1.8',
      ],
      [
        'long file in pieces',
        median(split.one).toFixed(2),
        median(split.two).toFixed(2),
        (median(split.one) / median(split.two)).toFixed(2),
        '>= 1.7',
      ],
    ];
    printTable(['workload', 'one server s', 'two servers s', 'throughput ratio', 'target'], rows);
    console.log(
      '\nbusiest server, CPU seconds (how evenly the work is spread, whatever else the machine runs):',
    );
    const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
    printTable(
      ['workload', 'one server', 'two servers', 'ratio'],
      [
        [
          'batch',
          median(cpu.batchOne).toFixed(1),
          median(cpu.batchTwo).toFixed(1),
          ratio(cpu.batchOne, cpu.batchTwo),
        ],
        [
          'long file in pieces',
          median(cpu.longOne).toFixed(1),
          median(cpu.longTwo).toFixed(1),
          ratio(cpu.longOne, cpu.longTwo),
        ],
      ],
    );
    console.log(
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    temp.cleanup();
  }
}

await main();

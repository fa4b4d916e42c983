import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { EngineFactory } from '../../src/services/jobs/engine-pool.js';
import type { Job, JobEvent } from '../../src/shared/jobs.js';
import { fixtures } from './fixtures.js';
import { writeWav } from './wav-writer.js';

const RATE = 16000;

let jfk: Float32Array | undefined;
async function jfkSamples(): Promise<Float32Array> {
  jfk ??= await readAudioFile(fixtures.jfkWav);
  return jfk;
}

/** `count` WAV files of real speech (slices of jfk.wav, minSec..maxSec long, each a little different). */
export async function writeSpeechClips(
  dir: string,
  count: number,
  { minSec = 2, maxSec = 5, prefix = 'clip' } = {},
): Promise<string[]> {
  const speech = await jfkSamples();
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const seconds = minSec + ((maxSec - minSec) * ((i * 7) % count)) / Math.max(1, count - 1);
    const start = Math.floor(((i * 0.37) % 5) * RATE);
    const slice = speech.subarray(start, Math.min(speech.length, start + Math.round(seconds * RATE)));
    const file = path.join(dir, `${prefix}-${String(i).padStart(3, '0')}.wav`);
    writeWav(file, slice, { sampleRate: RATE, channels: 1, bits: 16 });
    files.push(file);
  }
  return files;
}

/** jfk.wav repeated to `seconds` of 16 kHz mono speech. */
export async function writeLoopedSpeech(file: string, seconds: number): Promise<string> {
  const speech = await jfkSamples();
  mkdirSync(path.dirname(file), { recursive: true });
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i += speech.length) {
    out.set(speech.subarray(0, Math.min(speech.length, out.length - i)), i);
  }
  writeWav(file, out, { sampleRate: RATE, channels: 1, bits: 16 });
  return file;
}

/** The real engine, forked, with the process ids recorded so a test can watch or kill them. */
export function trackedEngineFactory(): { factory: EngineFactory; pids: number[] } {
  const pids: number[] = [];
  const factory: EngineFactory = async () => {
    const channel = forkEngineChannel();
    if (channel.pid !== undefined) pids.push(channel.pid);
    return EngineClient.connect(channel, 'jobs-test');
  };
  return { factory, pids };
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** Everything a queue pushed, with the checks most tests need. */
export class EventLog {
  readonly events: JobEvent[] = [];
  /** Most jobs processing at once, and most whisper threads in use at once, seen in the events. */
  peakRunning = 0;
  peakThreads = 0;
  private readonly running = new Map<string, number>();
  private readonly waiters = new Set<{ match: (e: JobEvent) => boolean; resolve: (e: JobEvent) => void }>();

  readonly listener = (event: JobEvent): void => {
    this.events.push(event);
    for (const waiter of this.waiters) {
      if (waiter.match(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
    if (event.type !== 'job_updated' && event.type !== 'job_added') return;
    const { job } = event;
    if (job.state === 'processing') this.running.set(job.id, job.threads ?? 0);
    else this.running.delete(job.id);
    this.peakRunning = Math.max(this.peakRunning, this.running.size);
    const threads = [...this.running.values()].reduce((a, b) => a + b, 0);
    this.peakThreads = Math.max(this.peakThreads, threads);
  };

  of<T extends JobEvent['type']>(type: T): Extract<JobEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<JobEvent, { type: T }> => e.type === type);
  }

  updates(jobId: string): Job[] {
    return this.of('job_updated')
      .filter((e) => e.job.id === jobId)
      .map((e) => e.job);
  }

  progress(jobId: string): number[] {
    return this.of('job_progress')
      .filter((e) => e.jobId === jobId)
      .map((e) => e.progress);
  }

  /** Resolves with the first event that matches (already seen from index `from` on, or still to come). */
  waitFor(match: (event: JobEvent) => boolean, timeoutMs = 60_000, from = 0): Promise<JobEvent> {
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (event: JobEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error('timed out waiting for a job event'));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

export function isState(jobId: string, state: Job['state']) {
  return (event: JobEvent): boolean =>
    event.type === 'job_updated' && event.job.id === jobId && event.job.state === state;
}

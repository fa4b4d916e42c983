import os from 'node:os';

export interface ConcurrencyLimits {
  /** CPU cores the file jobs may use together. */
  cores: number;
  /** Most jobs at once (each has its own engine process and its own copy of the model). */
  maxJobs: number;
  /** whisper.cpp gains little past about 8 threads. */
  maxThreadsPerJob: number;
}

export function concurrencyLimits(overrides: Partial<ConcurrencyLimits> = {}): ConcurrencyLimits {
  const cores = Math.max(1, Math.floor(overrides.cores ?? os.availableParallelism()));
  return {
    cores,
    maxJobs: Math.max(1, Math.min(cores, Math.floor(overrides.maxJobs ?? 4))),
    maxThreadsPerJob: Math.max(1, Math.floor(overrides.maxThreadsPerJob ?? 8)),
  };
}

/**
 * Threads for the next job to start, or 0 when it must wait. The free cores are shared between the jobs
 * that can start now, so jobs x threads never exceed the cores: one file alone gets every core, a
 * batch runs several jobs with fewer threads each. whisper.cpp scales well below linearly with threads
 * (about 1.3x from one thread to two here), so for a batch, more jobs beat more threads per job.
 */
export function threadsForNextJob(
  limits: ConcurrencyLimits,
  running: { jobs: number; threads: number },
  runnable: number,
): number {
  const free = limits.cores - running.threads;
  const slots = Math.min(limits.maxJobs - running.jobs, runnable);
  if (free < 1 || slots < 1) return 0;
  return Math.max(1, Math.min(limits.maxThreadsPerJob, Math.floor(free / slots)));
}

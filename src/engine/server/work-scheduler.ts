import { AppError } from '../../shared/errors.js';

/** The transcription in progress: abort and pause flags, and the waiters of a paused stream. */
export class RunningJob {
  aborted = false;
  pauseCount = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly id: string,
    public paused: boolean,
  ) {
    if (paused) this.pauseCount = 1;
  }

  isPaused(): boolean {
    return this.paused;
  }

  pauses(): number {
    return this.pauseCount;
  }

  untilResumed(): Promise<void> {
    if (!this.paused || this.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Model work (load, unload, transcribe) runs one task at a time in arrival order. A task aborted
 * before its turn never starts; one paused before its turn starts paused.
 */
export class WorkScheduler {
  private work: Promise<void> = Promise.resolve();
  private readonly cancelledBeforeStart = new Set<string>();
  private readonly pausedBeforeStart = new Set<string>();
  private running: RunningJob | null = null;

  /** `stopModel` interrupts the model's current run (abort and pause both do). */
  constructor(private readonly stopModel: () => void) {}

  get busy(): boolean {
    return this.running !== null;
  }

  schedule<T>(id: string, task: () => Promise<T>): Promise<T> {
    const result = this.work.then(() => {
      if (this.cancelledBeforeStart.delete(id)) {
        throw new AppError('aborted', 'Cancelled before it started.');
      }
      return task();
    });
    this.work = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Runs a transcription as the running job, so abort and pause can reach it. */
  async run<T>(id: string, task: (job: RunningJob) => Promise<T>): Promise<T> {
    const job = new RunningJob(id, this.pausedBeforeStart.delete(id));
    this.running = job;
    try {
      return await task(job);
    } finally {
      this.running = null;
    }
  }

  abort(target: string): void {
    if (this.running?.id === target) {
      this.running.aborted = true;
      this.stopModel();
      this.running.wake();
    } else {
      this.cancelledBeforeStart.add(target);
    }
  }

  setPaused(target: string, paused: boolean): void {
    const job = this.running?.id === target ? this.running : null;
    if (job) {
      if (paused && !job.paused) {
        job.paused = true;
        job.pauseCount++;
        this.stopModel();
      } else if (!paused && job.paused) {
        job.paused = false;
        job.wake();
      }
    } else if (paused) this.pausedBeforeStart.add(target);
    else this.pausedBeforeStart.delete(target);
  }
}

import type { RunningTranscription } from '../../../engine/client/engine-client.js';
import { AppError, serializeError } from '../../../shared/errors.js';
import type { EnginePool } from '../engine-pool.js';
import type { PieceExecutor, PieceResult, PieceWork } from './piece-executor.js';
import { engineTranscribeOptions } from '../engine-transcribe-options.js';

/** Engine failures that mean the process should not be reused. */
const UNHEALTHY = new Set(['engine_crashed', 'engine_timeout', 'internal', 'model_not_loaded']);

/**
 * The local engine as a piece executor: up to `capacity` engine processes from the job queue's pool,
 * each piece sent as PCM. Yields to dictation: paused, its running pieces stop within milliseconds and
 * continue on resume, and no new piece starts.
 */
export class LocalExecutor implements PieceExecutor {
  readonly name = 'local';
  readonly kind = 'local' as const;
  private readonly running = new Set<RunningTranscription>();
  private readonly listeners = new Set<() => void>();
  private paused = false;

  constructor(
    private readonly pool: EnginePool,
    public capacity: number,
    private threads: number,
    private readonly stallTimeoutMs: number,
  ) {}

  /** New limits (the settings changed) for the pieces that start from now on; running ones keep theirs. */
  configure(capacity: number, threads: number): void {
    this.capacity = capacity;
    this.threads = threads;
  }

  available(): boolean {
    return !this.paused;
  }

  pause(): void {
    this.paused = true;
    for (const run of this.running) void run.pause().catch(() => undefined);
  }

  resume(): void {
    this.paused = false;
    for (const run of this.running) void run.resume().catch(() => undefined);
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  noteOutcome(): void {
    // A crashed local engine is replaced by the pool; nothing to remember here.
  }

  async run(work: PieceWork): Promise<PieceResult> {
    const lease = await this.pool.acquire(work.modelPath);
    let healthy = true;
    let stalled = false;
    const transcription = lease.client.transcribe(
      { kind: 'pcm', samples: work.samples.slice() },
      engineTranscribeOptions(work, this.threads),
      { onProgress: () => arm(), onSegment: () => arm() },
    );
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (this.paused) return arm();
        stalled = true;
        lease.client.kill();
      }, this.stallTimeoutMs);
    };
    arm();
    const abort = () => transcription.abort();
    work.signal.addEventListener('abort', abort);
    this.running.add(transcription);
    if (this.paused) void transcription.pause().catch(() => undefined);
    try {
      const transcript = await transcription.result;
      return { segments: transcript.segments, language: transcript.language };
    } catch (error) {
      if (stalled) {
        healthy = false;
        throw new AppError(
          'engine_timeout',
          'the local speech engine stopped making progress and was restarted',
        );
      }
      healthy = !UNHEALTHY.has(serializeError(error).kind);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      work.signal.removeEventListener('abort', abort);
      this.running.delete(transcription);
      lease.release(healthy);
    }
  }

  async close(): Promise<void> {
    for (const run of this.running) run.abort();
  }
}

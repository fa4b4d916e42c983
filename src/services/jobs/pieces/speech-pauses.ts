import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { pausesBetween, type Pause, type SplitOptions } from '../../../audio/silence-split.js';
import { msToSamples } from '../../../shared/audio.js';
import { serializeError } from '../../../shared/errors.js';
import type { Job } from '../../../shared/jobs.js';
import type { EnginePool } from '../engine-pool.js';

/**
 * Where a long file may be cut: the pauses between the speech regions that Silero finds in it, run in
 * an engine process from the job pool (main may be Electron, which cannot load the Node-built addon).
 * Without a VAD model (or when the VAD fails) it answers null and the split falls back on the energy
 * detector; that is logged once per job.
 */
export class SpeechPauses {
  private readonly saidFallback = new Set<string>();

  constructor(
    private readonly pool: EnginePool,
    private readonly logger: Logger,
  ) {}

  async find(job: Job, length: number, split: SplitOptions, signal: AbortSignal): Promise<Pause[] | null> {
    const vadModelPath = job.options.vadModelPath;
    if (!vadModelPath || !existsSync(vadModelPath)) {
      this.fallback(job, vadModelPath ? 'the VAD model file is missing' : 'no VAD model is installed');
      return null;
    }
    const lease = await this.pool.acquire(null);
    let healthy = true;
    try {
      const found = await lease.client.detectSpeech(
        { kind: 'file', path: job.source },
        { vadModelPath },
        signal,
      );
      const speech = found.regions.map((r) => ({ start: msToSamples(r.startMs), end: msToSamples(r.endMs) }));
      return pausesBetween(speech, length, split);
    } catch (error) {
      if (signal.aborted) throw error;
      const serialized = serializeError(error);
      healthy = !['engine_crashed', 'engine_timeout', 'internal'].includes(serialized.kind);
      this.fallback(job, `the VAD failed: ${serialized.message}`);
      return null;
    } finally {
      lease.release(healthy);
    }
  }

  /** The job is done: a later job with the same id (none) would be told again. */
  forget(jobId: string): void {
    this.saidFallback.delete(jobId);
  }

  private fallback(job: Job, reason: string): void {
    if (this.saidFallback.has(job.id)) return;
    this.saidFallback.add(job.id);
    this.logger.warn(
      { event: 'piece_split_energy_fallback', jobId: job.id, source: job.source, reason },
      'long file cut at quiet stretches (energy), not at the pauses the VAD finds',
    );
  }
}

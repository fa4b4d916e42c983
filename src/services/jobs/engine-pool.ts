import type { Logger } from 'pino';
import type { EngineClient } from '../../engine/client/engine-client.js';
import { startForkedEngine } from '../../engine/client/fork-channel.js';
import { AppError, serializeError } from '../../shared/errors.js';
import { logRejection } from '../logging/log-rejection.js';

/** Starts one engine process and connects to it (a forked Node child here, a utility process in the app). */
export type EngineFactory = () => Promise<EngineClient>;

export const forkedEngineFactory: EngineFactory = () => startForkedEngine('job-queue');

interface Slot {
  client: EngineClient;
  modelPath: string | null;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
}

export interface EngineLease {
  client: EngineClient;
  /** Hands the engine back; `healthy: false` stops it (it crashed, hung or lost its model). */
  release(healthy: boolean): void;
}

/**
 * Engine processes for file jobs, one per running job, each keeping its model loaded between jobs.
 * The engine runs model work one request at a time, so parallel jobs need separate processes.
 * An engine idle for `idleMs` is stopped so its model's memory is given back.
 */
export class EnginePool {
  private readonly slots = new Set<Slot>();
  private closed = false;

  constructor(
    private readonly factory: EngineFactory,
    private readonly logger: Logger,
    private readonly idleMs: number,
  ) {}

  /** An engine with `modelPath` loaded; null: any engine, whatever it has loaded (work without a speech model). */
  async acquire(modelPath: string | null): Promise<EngineLease> {
    if (this.closed) throw new AppError('aborted', 'The job queue is shutting down.');
    const idle = [...this.slots].filter((s) => !s.busy && s.client.alive);
    const slot = idle.find((s) => s.modelPath === modelPath) ?? idle[0] ?? (await this.start());
    slot.busy = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    if (modelPath !== null && slot.modelPath !== modelPath) {
      slot.modelPath = null;
      try {
        await slot.client.loadModel(modelPath);
        slot.modelPath = modelPath;
      } catch (error) {
        // A missing or damaged model leaves the engine usable; anything else may not.
        const kind = serializeError(error).kind;
        this.giveBack(slot, kind === 'model_not_found' || kind === 'model_invalid');
        throw error;
      }
    }
    return { client: slot.client, release: (healthy) => this.giveBack(slot, healthy) };
  }

  private async start(): Promise<Slot> {
    let client: EngineClient;
    try {
      client = await this.factory();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('engine_crashed', `Could not start the speech engine: ${(error as Error).message}`);
    }
    const slot: Slot = { client, modelPath: null, busy: false, idleTimer: null };
    this.slots.add(slot);
    client.onExit((error) => {
      this.slots.delete(slot);
      if (!this.closed) this.logger.warn({ error: serializeError(error) }, 'job engine exited');
    });
    client.onLog((log) => this.logger[log.level]({ engine: log.data }, log.message));
    return slot;
  }

  private giveBack(slot: Slot, healthy: boolean): void {
    slot.busy = false;
    if (!healthy || this.closed || !slot.client.alive) {
      this.slots.delete(slot);
      slot.client.kill();
      return;
    }
    slot.idleTimer = setTimeout(() => {
      if (slot.busy) return;
      this.slots.delete(slot);
      slot.client
        .shutdown()
        .catch(logRejection(this.logger, 'job_engine_shutdown_failed', 'idle engine', 'warn'));
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  get size(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) if (slot.idleTimer) clearTimeout(slot.idleTimer);
    await Promise.all(slots.map((slot) => slot.client.shutdown()));
  }
}

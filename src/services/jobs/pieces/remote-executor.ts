import type { Logger } from 'pino';
import { serializeError } from '../../../shared/errors.js';
import type { RemoteEngineHealth } from '../../../shared/remote-engines.js';
import type { OpenAiTranscriptionClient } from '../../remote-engines/openai-transcription-client.js';
import type { PieceExecutor, PieceResult, PieceWork } from './piece-executor.js';

export interface RemoteExecutorOptions {
  /** Failures in a row (its own, not the file's) that mark it down (default 2). */
  failuresToDown?: number;
  /** While down, a health check this often; up again once it passes (default 10 s). */
  recheckMs?: number;
  /** Per-piece deadline (default: the client's). */
  timeoutMs?: number;
}

/**
 * One remote OpenAI-compatible server as a piece executor, up to its concurrency. Failures of its own
 * in a row mark it down (its waiting pieces go to the other engines); while down it is health-checked
 * on a timer and comes back once the check passes.
 */
export class RemoteExecutor implements PieceExecutor {
  readonly kind = 'remote' as const;
  private readonly listeners = new Set<() => void>();
  private failures = 0;
  private state: RemoteEngineHealth['state'] = 'unknown';
  private reason: string | undefined;
  private checkedAt: number | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly failuresToDown: number;
  private readonly recheckMs: number;

  constructor(
    readonly id: string,
    private readonly client: OpenAiTranscriptionClient,
    readonly capacity: number,
    private readonly logger: Logger,
    private readonly options: RemoteExecutorOptions = {},
  ) {
    this.failuresToDown = options.failuresToDown ?? 2;
    this.recheckMs = options.recheckMs ?? 10_000;
  }

  get name(): string {
    return this.client.name;
  }

  health(): RemoteEngineHealth {
    return {
      id: this.id,
      state: this.state,
      checkedAt: this.checkedAt,
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }

  available(): boolean {
    return this.state !== 'down' && !this.closed;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  async run(work: PieceWork): Promise<PieceResult> {
    const result = await this.client.transcribe({
      samples: work.samples,
      language: work.language,
      translate: work.translate,
      prompt: work.prompt,
      temperatureFallback: work.temperatureFallback,
      signal: work.signal,
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    return { segments: result.segments, language: result.language };
  }

  noteOutcome(ok: boolean, error?: unknown): void {
    this.checkedAt = Date.now();
    if (ok) {
      this.failures = 0;
      this.setState('up');
      return;
    }
    this.failures++;
    this.reason = serializeError(error).message;
    if (this.failures >= this.failuresToDown) this.setState('down');
  }

  /** Runs the health check now (also what the window's "check" does). */
  async check(): Promise<RemoteEngineHealth> {
    const health = await this.client.checkHealth();
    this.checkedAt = Date.now();
    if (health.up) {
      this.failures = 0;
      this.reason = undefined;
      this.setState('up');
    } else {
      this.reason = health.error?.message;
      this.setState('down');
    }
    return { ...this.health(), ...(health.models ? { models: health.models } : {}) };
  }

  private setState(state: RemoteEngineHealth['state']): void {
    if (state === this.state) return;
    this.state = state;
    this.logger.info(
      { event: 'remote_engine_state', engine: this.name, state, reason: this.reason },
      `remote engine ${state}`,
    );
    if (state === 'down') this.scheduleRecheck();
    for (const listener of this.listeners) listener();
  }

  private scheduleRecheck(): void {
    if (this.recheck || this.closed) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      if (this.closed) return;
      void this.check().then(
        (health) => {
          if (health.state === 'down') this.scheduleRecheck();
        },
        () => this.scheduleRecheck(),
      );
    }, this.recheckMs);
    this.recheck.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.recheck) clearTimeout(this.recheck);
  }
}

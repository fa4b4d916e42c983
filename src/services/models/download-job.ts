import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.js';
import type { DownloadProgress, DownloadState, ModelEvent } from '../../shared/models.js';
import { ensureFreeSpace } from './disk-space.js';
import { downloadAttempt } from './download-attempt.js';
import { exhaustedError, failureError, mismatchError } from './download-errors.js';
import {
  partialPaths,
  readSidecar,
  removePartial,
  writeSidecar,
  type PartialSidecar,
} from './partial-download.js';
import { PartialFile } from './partial-file.js';
import { ProgressMeter } from './progress-meter.js';
import { MAX_DOWNLOAD_BYTES, StartOver } from './response-head.js';
import { backoffDelay, TransientFailure, type RetryPolicy } from './retry.js';

export interface DownloadTarget {
  /** The file name: one download per file at a time, and the same id after a restart. */
  id: string;
  name: string;
  file: string;
  url: string;
  expectedSize?: number | undefined;
  sha256?: string | undefined;
}

export interface DownloadJobOptions {
  modelsDir: string;
  retry: RetryPolicy;
  /** No response or no data for this long counts as a (transient) failure. */
  stallTimeoutMs: number;
  /** Slower than this over a stall window is a stall too (default 1 KiB/s), so a drip cannot hang on. */
  minBytesPerSecond?: number;
  /** The most a download of unknown size may write (default MAX_DOWNLOAD_BYTES). */
  maxBytes?: number;
  progressIntervalMs: number;
  userAgent: string;
  logger: Logger;
  emit: (event: ModelEvent) => void;
  /** Checks the finished file before it is moved into place; throws to reject it. */
  validate: (filePath: string) => Promise<void>;
}

export type DownloadOutcome =
  | { status: 'completed'; path: string; sha256: string; verified: { size: boolean; sha256: boolean } }
  | { status: 'paused'; progress: DownloadProgress }
  | { status: 'cancelled' };

class StopRequested extends Error {
  constructor(readonly how: 'pause' | 'cancel') {
    super(how === 'pause' ? 'download paused' : 'download cancelled');
  }
}

const MAX_START_OVERS = 3;
const DEFAULT_MIN_BYTES_PER_SECOND = 1024;
/**
 * An attempt that brought this much starts the count of failed attempts again. Any progress at all
 * would let a server that sends a little and then stalls, every time, keep a download retrying forever.
 */
const PROGRESS_THAT_RESETS_RETRIES = 1024 * 1024;

/**
 * One resumable download into `<modelsDir>/<file>.partial`, moved into place only when its size,
 * SHA-256 and ggml structure check out. start() settles once: completed, paused or cancelled, or
 * rejects with an AppError.
 */
export class DownloadJob {
  private running: Promise<DownloadOutcome> | null = null;
  private readonly abort = new AbortController();
  private readonly meter = new ProgressMeter();
  private readonly partial: PartialFile;
  private state: DownloadState = 'starting';
  private totalBytes: number | null;
  private sha256: string | null;
  private etag: string | null = null;
  private startedAt = new Date().toISOString();
  private lastEmit = 0;
  private committing = false;

  constructor(
    readonly target: DownloadTarget,
    private readonly options: DownloadJobOptions,
  ) {
    this.partial = new PartialFile(partialPaths(options.modelsDir, target.file), {
      file: target.file,
      dir: options.modelsDir,
    });
    this.totalBytes = target.expectedSize ?? null;
    this.sha256 = target.sha256 ?? null;
  }

  /** Runs the download (once; later calls return the same promise). */
  start(): Promise<DownloadOutcome> {
    this.running ??= this.run();
    return this.running;
  }

  get id(): string {
    return this.target.id;
  }

  /** Stops the transfer and keeps what was downloaded. False once the file is being verified. */
  pause(): boolean {
    if (this.committing || this.abort.signal.aborted) return false;
    this.abort.abort(new StopRequested('pause'));
    return true;
  }

  /** Stops the transfer and deletes what was downloaded. */
  cancel(): boolean {
    if (this.committing || this.abort.signal.aborted) return false;
    this.abort.abort(new StopRequested('cancel'));
    return true;
  }

  private get bytes(): number {
    return this.partial.bytes;
  }

  private get paths() {
    return this.partial.paths;
  }

  progress(): DownloadProgress {
    const percent = this.totalBytes ? Math.min(100, (this.bytes / this.totalBytes) * 100) : null;
    return {
      downloadId: this.target.id,
      name: this.target.name,
      file: this.target.file,
      url: this.target.url,
      state: this.state,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      percent,
      bytesPerSecond: this.meter.bytesPerSecond(),
      etaSeconds: this.meter.etaSeconds(this.bytes, this.totalBytes),
    };
  }

  private async run(): Promise<DownloadOutcome> {
    const log = this.options.logger;
    try {
      if (this.abort.signal.aborted) throw this.abort.signal.reason;
      await mkdir(this.options.modelsDir, { recursive: true });
      await this.prepare();
      log.info({ event: 'model_download_start', url: this.target.url, offset: this.bytes }, 'model download');
      await this.transferWithRetries();
      return await this.commit();
    } catch (error) {
      const stop = this.abort.signal.reason;
      if (stop instanceof StopRequested && !this.committing) return this.stopped(stop.how);
      const appError =
        error instanceof AppError
          ? error
          : new AppError('internal', `Downloading ${this.target.file} failed: ${(error as Error).message}`, {
              cause: error,
            });
      // Nothing to resume from: leave no trace. Bytes on disk stay for the next attempt to resume.
      const kept = (await this.partial.onDisk()) ?? 0;
      if (appError.kind === 'verification_failed' || kept === 0) await removePartial(this.paths);
      this.setState('failed');
      log.warn(
        { event: 'model_download_failed', url: this.target.url, kind: appError.kind, bytes: this.bytes },
        appError.message,
      );
      this.emit({
        type: 'download_failed',
        timestamp: Date.now(),
        downloadId: this.target.id,
        error: appError.toJSON(),
      });
      throw appError;
    }
  }

  /** Decides where to start: after the bytes already on disk if they belong to this download. */
  private async prepare(): Promise<void> {
    const sidecar = await readSidecar(this.paths.sidecar);
    let offset = (await this.partial.onDisk()) ?? 0;
    const sameSource = sidecar?.url === this.target.url;
    if (sameSource) {
      this.totalBytes ??= sidecar.expectedSize;
      this.sha256 ??= sidecar.sha256;
      this.etag = sidecar.etag;
      this.startedAt = sidecar.startedAt;
    }
    if (offset > 0 && (!sameSource || (this.totalBytes !== null && offset > this.totalBytes))) {
      this.options.logger.info(
        { event: 'model_download_discard_partial', file: this.target.file, offset },
        'discarding a partial download that does not match',
      );
      await removePartial(this.paths);
      offset = 0;
      this.etag = null;
    }
    await this.partial.adopt(offset);
    if (this.totalBytes !== null) {
      await ensureFreeSpace(this.options.modelsDir, this.totalBytes - offset, this.target.file);
    }
    await this.saveSidecar();
    this.emitProgress(true);
  }

  private async saveSidecar(): Promise<void> {
    const sidecar: PartialSidecar = {
      version: 1,
      name: this.target.name,
      file: this.target.file,
      url: this.target.url,
      expectedSize: this.totalBytes,
      sha256: this.sha256,
      etag: this.etag,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
    };
    await writeSidecar(this.paths.sidecar, sidecar);
  }

  private async transferWithRetries(): Promise<void> {
    const { retry } = this.options;
    let failures = 0;
    let startOvers = 0;
    for (;;) {
      const before = this.bytes;
      try {
        await this.transferOnce();
        return;
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        if (error instanceof StartOver) {
          if (++startOvers > MAX_START_OVERS) {
            throw failureError(
              this.target,
              `the server keeps rejecting the download range (${error.message})`,
            );
          }
          this.options.logger.info(
            { event: 'model_download_restart', reason: error.message },
            'starting over',
          );
          await this.startOver();
          continue;
        }
        if (!(error instanceof TransientFailure)) {
          throw error instanceof AppError ? error : failureError(this.target, String(error), error);
        }
        if (this.bytes - before >= PROGRESS_THAT_RESETS_RETRIES) failures = 0;
        failures++;
        if (failures >= retry.maxAttempts) throw exhaustedError(this.target, error, failures, this.bytes);
        const delayMs = backoffDelay(retry, failures);
        this.setState('retrying');
        this.options.logger.info(
          { event: 'model_download_retry', reason: error.message, attempt: failures + 1, delayMs },
          'retrying model download',
        );
        this.emit({
          type: 'download_retrying',
          timestamp: Date.now(),
          downloadId: this.target.id,
          attempt: failures + 1,
          maxAttempts: retry.maxAttempts,
          delayMs,
          reason: error.message,
        });
        this.emitProgress(true);
        await sleep(delayMs, undefined, { signal: this.abort.signal });
      }
    }
  }

  private async startOver(): Promise<void> {
    await this.partial.discard();
    this.etag = null;
    this.meter.reset();
    await this.saveSidecar();
  }

  /** One HTTP request, from the current offset to the end or to the first failure. */
  private async transferOnce(): Promise<void> {
    const offset = this.bytes;
    await downloadAttempt(
      {
        subject: this.target,
        partial: this.partial,
        etag: this.etag,
        knownTotal: this.totalBytes,
        requiredSize: this.target.expectedSize,
        maxBytes: this.options.maxBytes ?? MAX_DOWNLOAD_BYTES,
        stallTimeoutMs: this.options.stallTimeoutMs,
        minBytesPerSecond: this.options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND,
        userAgent: this.options.userAgent,
        signal: this.abort.signal,
      },
      {
        onHead: async ({ mode, total, etag }) => {
          if (mode === 'from-start' && offset > 0) {
            this.options.logger.info(
              { event: 'model_download_range_ignored', offset },
              'the server sent the whole file; starting over',
            );
            this.meter.reset();
          }
          if (total !== null && total !== this.totalBytes) {
            this.totalBytes = total;
            await ensureFreeSpace(this.options.modelsDir, total - this.bytes, this.target.file);
          }
          if (etag !== this.etag || total !== null) {
            this.etag = etag;
            await this.saveSidecar();
          }
          this.setState('downloading');
        },
        onData: () => {
          this.meter.record(this.bytes);
          this.emitProgress(false);
        },
      },
    );
  }

  /** Size, SHA-256 and ggml structure, then an atomic rename into place. */
  private async commit(): Promise<DownloadOutcome> {
    this.committing = true;
    this.setState('verifying');
    this.emitProgress(true);
    const onDisk = await this.partial.onDisk();
    if (onDisk === null) throw failureError(this.target, 'the partial file disappeared during the download');
    if (this.totalBytes !== null && onDisk !== this.totalBytes) {
      throw mismatchError(this.target, `it has ${onDisk} bytes, expected ${this.totalBytes}`);
    }
    const digest = this.partial.digest();
    if (this.sha256 && digest !== this.sha256) {
      throw mismatchError(this.target, `its SHA-256 is ${digest}, expected ${this.sha256}`);
    }
    try {
      await this.options.validate(this.paths.partial);
    } catch (error) {
      const reason = (error as Error).message.replace(`${this.paths.partial} is `, '');
      throw mismatchError(this.target, `it is not a usable whisper.cpp model (${reason})`);
    }
    await this.partial.moveIntoPlace();
    this.setState('completed');
    this.emitProgress(true);
    this.options.logger.info(
      { event: 'model_download_done', file: this.target.file, bytes: onDisk, sha256: digest },
      'model downloaded',
    );
    return {
      status: 'completed',
      path: this.paths.final,
      sha256: digest,
      verified: { size: this.totalBytes !== null, sha256: this.sha256 !== null },
    };
  }

  private async stopped(how: 'pause' | 'cancel'): Promise<DownloadOutcome> {
    if (how === 'cancel') {
      await removePartial(this.paths);
      this.setState('cancelled');
      this.emit({ type: 'download_cancelled', timestamp: Date.now(), downloadId: this.target.id });
      return { status: 'cancelled' };
    }
    this.meter.reset();
    this.setState('paused');
    const progress = this.progress();
    this.emit({ type: 'download_paused', timestamp: Date.now(), progress });
    return { status: 'paused', progress };
  }

  private setState(state: DownloadState): void {
    this.state = state;
  }

  private emitProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.options.progressIntervalMs) return;
    this.lastEmit = now;
    this.emit({ type: 'download_progress', timestamp: Date.now(), progress: this.progress() });
  }

  private emit(event: ModelEvent): void {
    try {
      this.options.emit(event);
    } catch (error) {
      this.options.logger.error(
        { event: 'model_event_listener_failed', err: error },
        'a model event listener threw',
      );
    }
  }
}

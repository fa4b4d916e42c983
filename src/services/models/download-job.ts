import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import type { DownloadProgress, DownloadState, ModelEvent } from '../../shared/models.js';
import { syncFolder } from '../storage/atomic-file.js';
import { ensureFreeSpace, noRoomError } from './disk-space.js';
import {
  fileSize,
  hashExisting,
  partialPaths,
  readSidecar,
  removePartial,
  writeSidecar,
  type PartialPaths,
  type PartialSidecar,
} from './partial-download.js';
import { ProgressMeter } from './progress-meter.js';
import { backoffDelay, classifyNetworkError, TransientFailure, type RetryPolicy } from './retry.js';

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
  progressIntervalMs: number;
  userAgent: string;
  logger: Logger;
  emit: (event: ModelEvent) => void;
  /** Checks the finished file before it is moved into place; throws to reject it. */
  validate: (filePath: string) => Promise<void>;
}

export type DownloadOutcome =
  | { status: 'completed'; path: string; verified: { size: boolean; sha256: boolean } }
  | { status: 'paused'; progress: DownloadProgress }
  | { status: 'cancelled' };

class StopRequested extends Error {
  constructor(readonly how: 'pause' | 'cancel') {
    super(how === 'pause' ? 'download paused' : 'download cancelled');
  }
}

class StallTimeout extends TransientFailure {
  constructor(what: 'response' | 'data', ms: number) {
    super(`no ${what === 'response' ? 'response' : 'data'} for ${(ms / 1000).toFixed(1)} s`, 'timeout');
  }
}

/** The bytes on disk do not belong to the file the server has; start again from byte 0. */
class StartOver extends Error {}

const MAX_START_OVERS = 3;

/**
 * One resumable download into `<modelsDir>/<file>.partial`, moved into place only when its size,
 * SHA-256 and ggml structure check out. start() settles once: completed, paused or cancelled, or
 * rejects with an AppError.
 */
export class DownloadJob {
  private running: Promise<DownloadOutcome> | null = null;
  private readonly abort = new AbortController();
  private readonly meter = new ProgressMeter();
  private readonly paths: PartialPaths;
  private state: DownloadState = 'starting';
  private bytes = 0;
  private totalBytes: number | null;
  private sha256: string | null;
  private etag: string | null = null;
  private hash: Hash = createHash('sha256');
  private startedAt = new Date().toISOString();
  private lastEmit = 0;
  private committing = false;

  constructor(
    readonly target: DownloadTarget,
    private readonly options: DownloadJobOptions,
  ) {
    this.paths = partialPaths(options.modelsDir, target.file);
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
      const kept = (await fileSize(this.paths.partial)) ?? 0;
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
    let offset = (await fileSize(this.paths.partial)) ?? 0;
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
    if (offset > 0) await hashExisting(this.paths.partial, this.hash);
    this.bytes = offset;
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
            throw this.failure(
              `the server keeps rejecting the download range (${error.message})`,
              'download_failed',
            );
          }
          this.options.logger.info(
            { event: 'model_download_restart', reason: error.message },
            'starting over',
          );
          await this.startOver();
          continue;
        }
        if (!(error instanceof TransientFailure)) throw this.permanent(error);
        if (this.bytes > before) failures = 0;
        failures++;
        if (failures >= retry.maxAttempts) throw this.exhausted(error, failures);
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
    await rm(this.paths.partial, { force: true });
    this.bytes = 0;
    this.hash = createHash('sha256');
    this.etag = null;
    this.meter.reset();
    await this.saveSidecar();
  }

  /** One HTTP request, from the current offset to the end or to the first failure. */
  private async transferOnce(): Promise<void> {
    const controller = new AbortController();
    const forwardStop = () => controller.abort(this.abort.signal.reason);
    this.abort.signal.addEventListener('abort', forwardStop, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = (what: 'response' | 'data') => {
      clearTimeout(timer);
      timer = setTimeout(
        () => controller.abort(new StallTimeout(what, this.options.stallTimeoutMs)),
        this.options.stallTimeoutMs,
      );
    };
    try {
      arm('response');
      const headers: Record<string, string> = {
        'accept-encoding': 'identity',
        'user-agent': this.options.userAgent,
      };
      if (this.bytes > 0) {
        headers['range'] = `bytes=${this.bytes}-`;
        if (this.etag) headers['if-range'] = this.etag;
      }
      const response = await fetch(this.target.url, {
        headers,
        signal: controller.signal,
        redirect: 'follow',
      });
      const append = await this.acceptResponse(response);
      if (append === 'complete') return;
      if (append === 'from-start' && this.bytes > 0) {
        this.options.logger.info(
          { event: 'model_download_range_ignored', offset: this.bytes },
          'the server sent the whole file; starting over',
        );
        this.bytes = 0;
        this.hash = createHash('sha256');
        this.meter.reset();
      }
      this.setState('downloading');
      const handle = await open(this.paths.partial, this.bytes > 0 ? 'a' : 'w');
      try {
        const reader = response.body!.getReader();
        for (;;) {
          arm('data');
          const { done, value } = await reader.read();
          if (done) break;
          await this.write(handle, value);
          this.hash.update(value);
          this.bytes += value.length;
          this.meter.record(this.bytes);
          if (this.totalBytes !== null && this.bytes > this.totalBytes) {
            throw this.mismatch(`the server sent more than the expected ${this.totalBytes} bytes`);
          }
          this.emitProgress(false);
        }
      } finally {
        await handle.close();
      }
      if (this.totalBytes !== null && this.bytes < this.totalBytes) {
        throw new TransientFailure(
          `the connection closed after ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)}`,
          'network',
        );
      }
    } catch (error) {
      // Our own aborts (pause, cancel, stall) surface from fetch as whatever undici makes of them.
      if (controller.signal.aborted) throw controller.signal.reason;
      if (error instanceof AppError || error instanceof TransientFailure || error instanceof StartOver)
        throw error;
      const network = classifyNetworkError(error);
      if (network.transient) throw new TransientFailure(network.reason, 'network');
      throw this.failure(`${network.reason}`, 'download_failed', error);
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', forwardStop);
      // Closes the connection when the transfer stopped early (a write failed, a check failed).
      if (!controller.signal.aborted) controller.abort();
    }
  }

  /** Reads status and headers: append to the partial file, start from byte 0, or already complete. */
  private async acceptResponse(response: Response): Promise<'append' | 'from-start' | 'complete'> {
    const status = response.status;
    const discardBody = () => response.body?.cancel().catch(() => undefined);
    if (status === 416 && this.bytes > 0) {
      await discardBody();
      if (this.totalBytes !== null && this.bytes === this.totalBytes) return 'complete';
      throw new StartOver('HTTP 416: the requested range is not satisfiable');
    }
    if (status < 200 || status > 299) {
      await discardBody();
      throw this.httpError(status);
    }
    let total: number | null = null;
    let mode: 'append' | 'from-start' = 'from-start';
    if (status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== this.bytes) {
        await discardBody();
        throw new StartOver(
          `the server answered the resume with range "${response.headers.get('content-range')}"`,
        );
      }
      mode = 'append';
      if (range[3] !== '*') total = Number(range[3]);
    } else {
      const length = response.headers.get('content-length');
      if (length !== null && /^\d+$/.test(length)) total = Number(length);
    }
    if (!response.body) {
      throw new TransientFailure('the server sent no body', 'network');
    }
    if (total !== null) {
      // The catalog's size is binding; a size learned from the server only describes its current file.
      const required = this.target.expectedSize;
      if (required !== undefined && total !== required) {
        await discardBody();
        throw this.mismatch(
          `${new URL(this.target.url).host} offers ${total} bytes but ${this.target.file} has ${required}: ` +
            'it serves a different file',
        );
      }
      if (mode === 'append' && this.totalBytes !== null && total !== this.totalBytes) {
        await discardBody();
        throw new StartOver(`the file on the server changed size from ${this.totalBytes} to ${total} bytes`);
      }
      if (total !== this.totalBytes) {
        this.totalBytes = total;
        const offset = mode === 'append' ? this.bytes : 0;
        await ensureFreeSpace(this.options.modelsDir, total - offset, this.target.file).catch(
          async (error) => {
            await discardBody();
            throw error;
          },
        );
      }
    }
    const etag = response.headers.get('etag');
    const strongEtag = etag && !etag.startsWith('W/') ? etag : null;
    if (strongEtag !== this.etag || total !== null) {
      this.etag = strongEtag;
      await this.saveSidecar();
    }
    return mode;
  }

  private async write(handle: FileHandle, chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      try {
        const { bytesWritten } = await handle.write(chunk, offset);
        offset += bytesWritten;
      } catch (error) {
        const noRoom = noRoomError(error, {
          file: this.target.file,
          dir: this.options.modelsDir,
          bytes: this.bytes + offset,
        });
        throw noRoom ?? error;
      }
    }
  }

  /** Size, SHA-256 and ggml structure, then an atomic rename into place. */
  private async commit(): Promise<DownloadOutcome> {
    this.committing = true;
    this.setState('verifying');
    this.emitProgress(true);
    const onDisk = await fileSize(this.paths.partial);
    if (onDisk === null)
      throw this.failure('the partial file disappeared during the download', 'download_failed');
    if (this.totalBytes !== null && onDisk !== this.totalBytes) {
      throw this.mismatch(`it has ${onDisk} bytes, expected ${this.totalBytes}`);
    }
    const digest = this.hash.digest('hex');
    if (this.sha256 && digest !== this.sha256) {
      throw this.mismatch(`its SHA-256 is ${digest}, expected ${this.sha256}`);
    }
    try {
      await this.options.validate(this.paths.partial);
    } catch (error) {
      const reason = (error as Error).message.replace(`${this.paths.partial} is `, '');
      throw this.mismatch(`it is not a usable whisper.cpp model (${reason})`);
    }
    const handle = await open(this.paths.partial, 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(this.paths.partial, this.paths.final);
    await syncFolder(this.options.modelsDir);
    await rm(this.paths.sidecar, { force: true });
    this.setState('completed');
    this.emitProgress(true);
    this.options.logger.info(
      { event: 'model_download_done', file: this.target.file, bytes: onDisk, sha256: digest },
      'model downloaded',
    );
    return {
      status: 'completed',
      path: this.paths.final,
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
    this.bytes = (await fileSize(this.paths.partial)) ?? 0;
    this.meter.reset();
    this.setState('paused');
    const progress = this.progress();
    this.emit({ type: 'download_paused', timestamp: Date.now(), progress });
    return { status: 'paused', progress };
  }

  /** Verification failed: run() deletes the file, and the message says so. */
  private mismatch(reason: string): AppError {
    return new AppError(
      'verification_failed',
      `The download of ${this.target.file} from ${this.target.url} failed verification: ${reason}. ` +
        'The downloaded file was deleted.',
      { hint: 'Try again; if it fails again, the server or mirror serves a different file.' },
    );
  }

  private httpError(status: number): Error {
    const host = new URL(this.target.url).host;
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      return new TransientFailure(`${host} answered HTTP ${status}`, 'http', status);
    }
    if (status === 404 || status === 410) {
      return new AppError(
        'download_failed',
        `${this.target.file} was not found at ${this.target.url} (HTTP ${status})`,
        {
          hint: 'Check the model name ("dictation models list"), the URL or the mirror setting.',
        },
      );
    }
    if (status === 401 || status === 403) {
      return new AppError(
        'download_failed',
        `${host} refused the download of ${this.target.file} (HTTP ${status})`,
        {
          hint: 'The server needs a login or blocks this address: download the file in a browser and import it.',
        },
      );
    }
    return new AppError('download_failed', `${host} answered HTTP ${status} for ${this.target.url}`, {
      hint: 'Check the URL or the mirror setting.',
    });
  }

  private exhausted(error: TransientFailure, attempts: number): AppError {
    const host = new URL(this.target.url).host;
    const hint =
      'Check the internet connection, or set a mirror (--mirror or DICTATION_MODEL_MIRROR); ' +
      'running the download again resumes it.';
    const tail = `(${attempts} attempts; ${formatBytes(this.bytes)} downloaded so far)`;
    if (error.category === 'timeout') {
      return new AppError(
        'download_timeout',
        `Downloading ${this.target.file} from ${host} timed out: ${error.message} ${tail}`,
        { hint },
      );
    }
    return new AppError(
      'download_failed',
      `Downloading ${this.target.file} from ${host} failed: ${error.message} ${tail}`,
      {
        hint,
      },
    );
  }

  private permanent(error: unknown): AppError {
    if (error instanceof AppError) return error;
    return this.failure((error as Error).message, 'download_failed', error);
  }

  private failure(reason: string, kind: 'download_failed', cause?: unknown): AppError {
    const host = URL.canParse(this.target.url) ? new URL(this.target.url).host : this.target.url;
    return new AppError(kind, `Downloading ${this.target.file} from ${host} failed: ${reason}`, {
      hint: 'Check the URL or mirror and the internet connection, then try again.',
      ...(cause === undefined ? {} : { cause, detail: String((cause as Error)?.stack ?? cause) }),
    });
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

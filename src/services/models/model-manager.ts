import type { Logger } from 'pino';
import { appVersion } from '../../engine/project-root.js';
import { AppError, serializeError } from '../../shared/errors.js';
import type { ModelCommand } from '../../shared/models.js';
import {
  DownloadRequest,
  type CatalogEntry,
  type DownloadProgress,
  type DownloadRequestInput,
  type InstalledModel,
  type ModelEvent,
} from '../../shared/models.js';
import { silentLogger } from '../logging/logger.js';
import {
  currentMachine,
  findCatalogEntry,
  MODEL_CATALOG,
  recommendModel,
  resolveBaseUrl,
  type Recommendation,
} from './catalog.js';
import { DownloadJob, type DownloadTarget } from './download-job.js';
import { resolveDownloadTarget } from './download-target.js';
import { checkInstalled } from './installed-check.js';
import { inspectModelFile } from './ggml-header.js';
import { ModelStore, safeModelFileName } from './model-store.js';
import {
  fileSize,
  partialPaths,
  readSidecar,
  removePartial,
  unfinishedDownloads,
} from './partial-download.js';
import type {
  DownloadHandle,
  ModelDownloadResult,
  ModelEventListener,
  ModelManagerOptions,
} from './model-manager-types.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export type {
  DownloadHandle,
  ModelDownloadResult,
  ModelEventListener,
  ModelManagerOptions,
} from './model-manager-types.js';

/**
 * The one place that downloads, imports, lists and removes speech models and remembers the active
 * one. Pure Node (no Electron): the app hosts it in the main process, the CLI runs it directly.
 * It opens network connections only to the catalog or mirror URL, or a URL the user gave.
 *
 * Every state change is published to onEvent listeners as a ModelEvent (forward them to the window).
 */
export class ModelManager {
  readonly store: ModelStore;
  private readonly catalogEntries: readonly CatalogEntry[];
  private readonly listeners = new Set<ModelEventListener>();
  private readonly jobs = new Map<string, { job: DownloadJob; handle: DownloadHandle }>();
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private mirrorUrl: string | undefined;

  constructor(private readonly options: ModelManagerOptions) {
    this.catalogEntries = options.catalog ?? MODEL_CATALOG;
    this.store = new ModelStore(options.modelsDir, this.catalogEntries);
    this.logger = options.logger ?? silentLogger();
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.mirrorUrl = options.mirrorUrl;
  }

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  onEvent(listener: ModelEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  catalog(): readonly CatalogEntry[] {
    return this.catalogEntries;
  }

  recommended(): Recommendation {
    return recommendModel(this.options.machine ?? currentMachine());
  }

  /** Changes the mirror setting for downloads started from now on (undefined: Hugging Face). */
  setMirror(url: string | undefined): void {
    if (url) resolveBaseUrl({ settingsMirror: url }, {});
    this.mirrorUrl = url;
  }

  /** The base URL a catalog download would use now. */
  baseUrl(mirror?: string): string {
    return resolveBaseUrl({ mirror, settingsMirror: this.mirrorUrl }, this.options.env ?? process.env);
  }

  list(): Promise<InstalledModel[]> {
    return this.store.list();
  }

  /** Running downloads, and unfinished ones on disk that can be resumed (state "paused"). */
  async downloads(): Promise<DownloadProgress[]> {
    const running = [...this.jobs.values()].map(({ job }) => job.progress());
    const waiting = (await unfinishedDownloads(this.modelsDir)).filter((d) => !this.jobs.has(d.downloadId));
    return [...running, ...waiting];
  }

  /**
   * Starts (or resumes) a download of a catalog model or a URL. Bytes already downloaded by an
   * earlier run are kept when they come from the same URL. A second call for the same file returns
   * the running download.
   */
  download(input: DownloadRequestInput): DownloadHandle {
    const parsed = DownloadRequest.safeParse(input);
    if (!parsed.success) {
      throw new AppError('invalid_request', `Invalid download request: ${parsed.error.issues[0]?.message}`, {
        hint: 'Give a catalog model name or an http(s) URL; --sha256 takes 64 hexadecimal characters.',
      });
    }
    const target = resolveDownloadTarget(parsed.data, this.catalogEntries, (mirror) => this.baseUrl(mirror));
    const running = this.jobs.get(target.id);
    if (running) {
      if (running.handle.url === target.url) return running.handle;
      throw new AppError('busy', `${target.file} is already being downloaded from ${running.handle.url}`, {
        hint: 'Cancel that download first, or wait for it to finish.',
      });
    }
    return this.start(target, { source: parsed.data.source, force: parsed.data.force ?? false });
  }

  /** Continues a paused or interrupted download from its sidecar. */
  async resume(downloadId: string): Promise<DownloadHandle> {
    const running = this.jobs.get(downloadId);
    if (running) return running.handle;
    const sidecar = await readSidecar(partialPaths(this.modelsDir, downloadId).sidecar);
    if (!sidecar) {
      throw new AppError('invalid_request', `There is no unfinished download of ${downloadId}`, {
        hint: {
          window: 'Start it again from the Models tab.',
          cli: 'Start it again with "dictation models download <name>".',
        },
      });
    }
    // Only a catalog size is binding; the sidecar's size and checksum are picked up by the job itself.
    return this.start(
      {
        id: sidecar.file,
        name: sidecar.name,
        file: sidecar.file,
        url: sidecar.url,
        expectedSize: findCatalogEntry(sidecar.file, this.catalogEntries)?.sizeBytes,
      },
      { source: sidecar.url, force: false },
    );
  }

  pause(downloadId: string): boolean {
    return this.jobs.get(downloadId)?.job.pause() ?? false;
  }

  /** Stops a running download, or discards an unfinished one on disk. */
  async cancel(downloadId: string): Promise<void> {
    const running = this.jobs.get(downloadId);
    if (running) {
      running.job.cancel();
      await running.handle.result.catch(() => undefined);
      return;
    }
    const paths = partialPaths(this.modelsDir, safeModelFileName(downloadId));
    if ((await fileSize(paths.partial)) === null && !(await readSidecar(paths.sidecar))) return;
    await removePartial(paths);
    this.publish({ type: 'download_cancelled', timestamp: Date.now(), downloadId });
  }

  async importModel(filePath: string): Promise<InstalledModel> {
    const { model, summary } = await this.store.importFile(filePath);
    this.logger.info(
      { event: 'model_imported', file: model.file, type: summary.type, tensors: summary.tensorCount },
      'model imported',
    );
    this.publish({ type: 'model_imported', timestamp: Date.now(), model });
    return model;
  }

  async remove(name: string): Promise<void> {
    const inUse = this.options.isActiveModelInUse?.() ?? true;
    const model = await this.store.remove(name, inUse);
    this.logger.info({ event: 'model_removed', file: model.file }, 'model removed');
    this.publish({ type: 'model_removed', timestamp: Date.now(), name: model.name });
    if (model.active) this.publish({ type: 'active_model_changed', timestamp: Date.now(), model: null });
  }

  getActive(): Promise<InstalledModel | null> {
    return this.store.getActive();
  }

  /** Records the active model. Reloading the engine with it is the host's job (on active_model_changed). */
  async setActive(name: string): Promise<InstalledModel> {
    const model = await this.store.setActive(name);
    this.logger.info({ event: 'active_model_changed', file: model.file }, 'active model changed');
    this.publish({ type: 'active_model_changed', timestamp: Date.now(), model });
    return model;
  }

  /**
   * Carries out a command from the window (validated where it entered main) and resolves with its
   * reply. Replies are also published to listeners, except for "download", whose progress follows as
   * events.
   */
  async handle(request: ModelCommand): Promise<ModelEvent> {
    try {
      switch (request.type) {
        case 'list': {
          const recommended = this.recommended();
          return this.publish({
            type: 'models_listed',
            timestamp: Date.now(),
            installed: await this.list(),
            catalog: [...this.catalogEntries],
            recommended: recommended.name,
            recommendedReason: recommended.reason,
            downloads: await this.downloads(),
          });
        }
        case 'download':
        case 'resume': {
          const handle =
            request.type === 'download'
              ? this.download(request.request)
              : await this.resume(request.downloadId);
          handle.result.catch(() => undefined); // failures arrive as download_failed events
          return { type: 'download_progress', timestamp: Date.now(), progress: handle.progress() };
        }
        case 'pause': {
          if (!this.pause(request.downloadId)) {
            throw new AppError('invalid_request', `${request.downloadId} is not downloading`);
          }
          const running = this.jobs.get(request.downloadId);
          const outcome = running ? await running.handle.result : null;
          if (outcome?.status === 'paused')
            return { type: 'download_paused', timestamp: Date.now(), progress: outcome.progress };
          throw new AppError('invalid_request', `${request.downloadId} finished before it could be paused`);
        }
        case 'cancel':
          await this.cancel(request.downloadId);
          return { type: 'download_cancelled', timestamp: Date.now(), downloadId: request.downloadId };
        case 'import': {
          const model = await this.importModel(request.path);
          return { type: 'model_imported', timestamp: Date.now(), model };
        }
        case 'remove':
          await this.remove(request.name);
          return { type: 'model_removed', timestamp: Date.now(), name: request.name };
        case 'use': {
          const model = await this.setActive(request.name);
          return { type: 'active_model_changed', timestamp: Date.now(), model };
        }
      }
    } catch (error) {
      return this.publish({
        type: 'model_command_failed',
        timestamp: Date.now(),
        command: request.type,
        error: serializeError(error),
      });
    }
  }

  private start(target: DownloadTarget, request: { source: string; force: boolean }): DownloadHandle {
    const job = new DownloadJob(target, {
      modelsDir: this.modelsDir,
      retry: this.retry,
      stallTimeoutMs: this.options.stallTimeoutMs ?? 30_000,
      minBytesPerSecond: this.options.minBytesPerSecond,
      maxBytes: this.options.maxDownloadBytes,
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
      userAgent: `Dictation/${appVersion()} (model manager)`,
      logger: this.logger,
      emit: (event) => this.publish(event),
      validate: async (filePath) => {
        await inspectModelFile(filePath);
      },
    });
    const result = this.settle(target, job, request);
    const handle: DownloadHandle = {
      id: target.id,
      name: target.name,
      file: target.file,
      url: target.url,
      result,
      progress: () => job.progress(),
      pause: () => job.pause(),
      cancel: () => job.cancel(),
    };
    this.jobs.set(target.id, { job, handle });
    return handle;
  }

  private async settle(
    target: DownloadTarget,
    job: DownloadJob,
    request: { source: string; force: boolean },
  ): Promise<ModelDownloadResult> {
    try {
      const installed = await checkInstalled(this.store, target, request).catch((error: unknown) => {
        this.publish({
          type: 'download_failed',
          timestamp: Date.now(),
          downloadId: target.id,
          error: serializeError(error),
        });
        throw error;
      });
      if (installed) {
        this.publish({
          type: 'download_completed',
          timestamp: Date.now(),
          downloadId: target.id,
          model: installed.model,
          verified: installed.verified,
          alreadyInstalled: true,
        });
        return { status: 'already_installed', ...installed };
      }
      const outcome = await job.start();
      if (outcome.status !== 'completed') return outcome;
      await this.store.checksums.remember(target.file, outcome.sha256);
      const model = await this.store.find(target.file);
      if (!model) throw new AppError('io', `${outcome.path} disappeared right after the download`);
      this.publish({
        type: 'download_completed',
        timestamp: Date.now(),
        downloadId: target.id,
        model,
        verified: outcome.verified,
      });
      return { status: 'completed', model, verified: outcome.verified };
    } finally {
      this.jobs.delete(target.id);
    }
  }

  private publish<E extends ModelEvent>(event: E): E {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(
          { event: 'model_event_listener_failed', err: error },
          'a model event listener threw',
        );
      }
    }
    return event;
  }
}

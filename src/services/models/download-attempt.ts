import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { failureError, mismatchError, type DownloadSubject } from './download-errors.js';
import { httpGet, RefusedResponse, type HttpResponse } from './http-get.js';
import type { PartialFile } from './partial-file.js';
import { readResponseHead, StartOver, type ResponseHead } from './response-head.js';
import { classifyNetworkError, TransientFailure } from './retry.js';
import { ThroughputWatch } from './throughput-watch.js';

export interface AttemptRequest {
  subject: DownloadSubject;
  partial: PartialFile;
  /** Strong ETag of the bytes on disk, sent as If-Range with the resume. */
  etag: string | null;
  /** The size as known so far, and the catalog's binding size. */
  knownTotal: number | null;
  requiredSize: number | undefined;
  /** The most a download of unknown size may write. */
  maxBytes: number;
  stallTimeoutMs: number;
  minBytesPerSecond: number;
  userAgent: string;
  /** Pause or cancel: aborts the request with the signal's reason. */
  signal: AbortSignal;
}

export interface AttemptHooks {
  /** The head was accepted (mode append or from-start); record its size and ETag before the body. */
  onHead(head: Exclude<ResponseHead, { mode: 'complete' }>): Promise<void>;
  /** After each chunk is on disk. */
  onData(): void;
}

/**
 * One HTTP request of a download: from the bytes on disk to the end of the file or to the first
 * failure. Throws a TransientFailure worth retrying, StartOver, an AppError, or the signal's reason.
 */
export async function downloadAttempt(request: AttemptRequest, hooks: AttemptHooks): Promise<void> {
  const { partial, subject, stallTimeoutMs } = request;
  const controller = new AbortController();
  const forwardStop = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', forwardStop, { once: true });
  const minBytesPerWindow = (request.minBytesPerSecond * stallTimeoutMs) / 1000;
  const watch = new ThroughputWatch(stallTimeoutMs, minBytesPerWindow, (stall) => controller.abort(stall));
  let response: HttpResponse | undefined;
  try {
    watch.awaitResponse();
    const headers: Record<string, string> = {
      'accept-encoding': 'identity',
      'user-agent': request.userAgent,
    };
    if (partial.bytes > 0) {
      headers['range'] = `bytes=${partial.bytes}-`;
      if (request.etag) headers['if-range'] = request.etag;
    }
    response = await httpGet(subject.url, { headers, signal: controller.signal });
    const head = readResponseHead(response, subject, {
      offset: partial.bytes,
      knownTotal: request.knownTotal,
      requiredSize: request.requiredSize,
      maxBytes: request.maxBytes,
    });
    if (head.mode === 'complete') return;
    if (head.mode === 'from-start') partial.restart();
    await hooks.onHead(head);
    watch.awaitBody();
    const total = head.total ?? request.knownTotal;
    await receive(response, request, total, watch, hooks);
    if (total !== null && partial.bytes < total) {
      throw new TransientFailure(
        `the connection closed after ${formatBytes(partial.bytes)} of ${formatBytes(total)}`,
        'network',
      );
    }
  } catch (error) {
    // Our own aborts (pause, cancel, stall) surface from the request as an AbortError or a reset.
    if (controller.signal.aborted) throw controller.signal.reason;
    if (error instanceof AppError || error instanceof TransientFailure || error instanceof StartOver)
      throw error;
    if (error instanceof RefusedResponse) throw failureError(subject, error.message);
    const network = classifyNetworkError(error);
    if (network.transient) throw new TransientFailure(network.reason, 'network');
    throw failureError(subject, network.reason, error);
  } finally {
    watch.stop();
    request.signal.removeEventListener('abort', forwardStop);
    // Closes the connection when the transfer stopped early (a write failed, a check failed).
    response?.body.destroy();
    if (!controller.signal.aborted) controller.abort();
  }
}

/** Appends the body to the partial file, never past the size the file must have. */
async function receive(
  response: HttpResponse,
  request: AttemptRequest,
  total: number | null,
  watch: ThroughputWatch,
  hooks: AttemptHooks,
): Promise<void> {
  const { partial } = request;
  const limit = total ?? request.maxBytes;
  const handle = await partial.open();
  try {
    for await (const chunk of response.body) {
      const value = chunk as Buffer;
      watch.record(value.length);
      if (partial.bytes + value.length > limit) {
        throw mismatchError(
          request.subject,
          total === null
            ? `the server sent more than ${formatBytes(limit)}, more than any whisper.cpp model`
            : `the server sent more than the expected ${total} bytes`,
        );
      }
      await partial.append(handle, value);
      hooks.onData();
    }
  } finally {
    await handle.close();
  }
}

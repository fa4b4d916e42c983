import { formatBytes } from '../../shared/format-bytes.js';
import { httpStatusError, mismatchError, type DownloadSubject } from './download-errors.js';
import { RefusedResponse, type HttpResponse } from './http-get.js';

/** The bytes on disk do not belong to the file the server has; start again from byte 0. */
export class StartOver extends Error {}

/** No whisper.cpp model is larger: large-v3 in f32 is about 6.2 GB. Caps a download of unknown size. */
export const MAX_DOWNLOAD_BYTES = 8 * 1024 ** 3;

/** An ETag we send back in If-Range: RFC 9110's strong-tag syntax, of a sane length. */
const STRONG_ETAG = /^"[\x21\x23-\x7e]{0,256}"$/;

export interface DownloadPosition {
  /** Bytes already on disk. */
  offset: number;
  /** The file's size as known so far (catalog, sidecar or an earlier response), or null. */
  knownTotal: number | null;
  /** The catalog's size: binding, unlike a size learned from a server. */
  requiredSize: number | undefined;
  maxBytes: number;
}

export type ResponseHead =
  { mode: 'complete' } | { mode: 'append' | 'from-start'; total: number | null; etag: string | null };

/**
 * Reads status and headers of a download response: append to the partial file, start from byte 0,
 * or already complete. Throws what the job acts on: StartOver, a TransientFailure for a status worth
 * retrying, an AppError, or RefusedResponse. The caller discards the body when this throws.
 */
export function readResponseHead(
  response: HttpResponse,
  subject: DownloadSubject,
  position: DownloadPosition,
): ResponseHead {
  const { status } = response;
  const { offset, knownTotal, requiredSize } = position;
  if (status === 416 && offset > 0) {
    if (knownTotal !== null && offset === knownTotal) return { mode: 'complete' };
    throw new StartOver('HTTP 416: the requested range is not satisfiable');
  }
  if (status < 200 || status > 299) throw httpStatusError(subject, status);
  const encoding = response.header('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new RefusedResponse(
      `the server sent the file encoded (Content-Encoding: ${encoding.slice(0, 40)}) ` +
        'although it was asked for the plain bytes',
    );
  }
  let total: number | null = null;
  let mode: 'append' | 'from-start' = 'from-start';
  if (status === 206) {
    const contentRange = response.header('content-range');
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange ?? '');
    if (!range || Number(range[1]) !== offset) {
      throw new StartOver(`the server answered the resume with range "${contentRange?.slice(0, 100)}"`);
    }
    mode = 'append';
    if (range[3] !== '*') total = Number(range[3]);
  } else {
    const length = response.header('content-length');
    if (length !== null && /^\d+$/.test(length)) total = Number(length);
  }
  if (total !== null) {
    if (requiredSize !== undefined && total !== requiredSize) {
      throw mismatchError(
        subject,
        `${new URL(subject.url).host} offers ${total} bytes but ${subject.file} has ${requiredSize}: ` +
          'it serves a different file',
      );
    }
    if (total > position.maxBytes) {
      throw new RefusedResponse(
        `the server offers ${formatBytes(total)}, more than the ${formatBytes(position.maxBytes)} ` +
          'of the largest whisper.cpp model',
      );
    }
    if (mode === 'append' && knownTotal !== null && total !== knownTotal) {
      throw new StartOver(`the file on the server changed size from ${knownTotal} to ${total} bytes`);
    }
  }
  const etag = response.header('etag');
  return { mode, total, etag: etag && STRONG_ETAG.test(etag) ? etag : null };
}

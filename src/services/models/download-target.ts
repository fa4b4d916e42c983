import { AppError } from '../../shared/errors.js';
import type { CatalogEntry, DownloadRequest } from '../../shared/models.js';
import { catalogEntryOrThrow, downloadUrlFor } from './catalog.js';
import type { DownloadTarget } from './download-job.js';
import { modelNameFromFile, safeModelFileName } from './model-store.js';

/**
 * What a download request asks for: a URL (its file name, with the SHA-256 the user gave) or a
 * catalog model (from `baseUrl`, with the catalog's size and SHA-256).
 */
export function resolveDownloadTarget(
  request: DownloadRequest,
  catalog: readonly CatalogEntry[],
  baseUrl: (mirror: string | undefined) => string,
): DownloadTarget {
  if (/^https?:\/\//i.test(request.source)) {
    const url = new URL(request.source);
    const file = safeModelFileName(decodedLastSegment(url));
    return { id: file, name: modelNameFromFile(file), file, url: url.href, sha256: request.sha256 };
  }
  const entry = catalogEntryOrThrow(request.source, catalog);
  return {
    id: entry.file,
    name: entry.name,
    file: entry.file,
    url: downloadUrlFor(entry, baseUrl(request.mirror)),
    expectedSize: entry.sizeBytes,
    sha256: request.sha256 ?? entry.sha256,
  };
}

/** The URL's file name, decoded; a malformed %-escape is a clear error, not a URIError. */
function decodedLastSegment(url: URL): string {
  const raw = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('invalid_request', `${url.href} does not end in a usable file name (a bad %-escape)`, {
      hint: 'Check the URL: it should end in a name such as ggml-base.en.bin.',
    });
  }
}

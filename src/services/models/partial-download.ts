import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DownloadProgress } from '../../shared/models.js';
import { writeFileAtomic } from '../storage/atomic-file.js';

/**
 * An unfinished download is `<file>.partial` (the bytes so far) and `<file>.partial.json` (where they
 * come from and what the finished file must be), so it can resume after a crash or restart.
 */
export const PartialSidecar = z.object({
  version: z.literal(1),
  name: z.string(),
  file: z.string(),
  url: z.string(),
  expectedSize: z.number().int().positive().nullable(),
  sha256: z.string().nullable(),
  /** Strong ETag of the server's file: a resume asks for the rest only if the file is unchanged. */
  etag: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type PartialSidecar = z.infer<typeof PartialSidecar>;

export interface PartialPaths {
  final: string;
  partial: string;
  sidecar: string;
}

const PARTIAL_SUFFIX = '.partial';
const SIDECAR_SUFFIX = '.partial.json';

export function partialPaths(modelsDir: string, file: string): PartialPaths {
  const final = path.join(modelsDir, file);
  return { final, partial: final + PARTIAL_SUFFIX, sidecar: final + SIDECAR_SUFFIX };
}

/** The sidecar, or null when it is missing or unreadable (the partial is then not trusted). */
export async function readSidecar(sidecarPath: string): Promise<PartialSidecar | null> {
  try {
    return PartialSidecar.parse(JSON.parse(await readFile(sidecarPath, 'utf8')));
  } catch {
    return null;
  }
}

export async function writeSidecar(sidecarPath: string, sidecar: PartialSidecar): Promise<void> {
  await writeFileAtomic(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
}

export async function fileSize(filePath: string): Promise<number | null> {
  const info = await stat(filePath).catch(() => null);
  return info?.isFile() ? info.size : null;
}

export async function removePartial(paths: PartialPaths): Promise<void> {
  await rm(paths.partial, { force: true });
  await rm(paths.sidecar, { force: true });
}

/** Feeds the bytes already on disk into the hash, so a resumed download is verified end to end. */
export async function hashExisting(filePath: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
}

/** The unfinished downloads on disk that can be resumed, as paused downloads. */
export async function unfinishedDownloads(modelsDir: string): Promise<DownloadProgress[]> {
  const files = await readdir(modelsDir).catch(() => [] as string[]);
  const waiting: DownloadProgress[] = [];
  for (const name of files) {
    if (!name.endsWith(SIDECAR_SUFFIX)) continue;
    const file = name.slice(0, -SIDECAR_SUFFIX.length);
    const paths = partialPaths(modelsDir, file);
    const sidecar = await readSidecar(paths.sidecar);
    if (!sidecar) continue;
    const bytes = (await fileSize(paths.partial)) ?? 0;
    const total = sidecar.expectedSize;
    waiting.push({
      downloadId: file,
      name: sidecar.name,
      file,
      url: sidecar.url,
      state: 'paused',
      bytes,
      totalBytes: total,
      percent: total ? Math.min(100, (bytes / total) * 100) : null,
      bytesPerSecond: 0,
      etaSeconds: null,
    });
  }
  return waiting;
}

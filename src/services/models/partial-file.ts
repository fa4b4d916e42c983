import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder } from '../storage/atomic-file.js';
import { noRoomError } from './disk-space.js';
import { fileSize, hashExisting, type PartialPaths } from './partial-download.js';

/**
 * The bytes of an unfinished download on disk (`<file>.partial`) and their running SHA-256, so a
 * resumed download is verified end to end. Moved into place only by moveIntoPlace().
 */
export class PartialFile {
  private hash: Hash = createHash('sha256');
  private size = 0;

  constructor(
    readonly paths: PartialPaths,
    private readonly where: { file: string; dir: string },
  ) {}

  /** Bytes written so far (and hashed). */
  get bytes(): number {
    return this.size;
  }

  /** Continues after the first `offset` bytes already on disk, hashing them. */
  async adopt(offset: number): Promise<void> {
    this.restart();
    if (offset > 0) await hashExisting(this.paths.partial, this.hash);
    this.size = offset;
  }

  /** Forgets the bytes so far: the next open() truncates the file. */
  restart(): void {
    this.hash = createHash('sha256');
    this.size = 0;
  }

  async discard(): Promise<void> {
    await rm(this.paths.partial, { force: true });
    this.restart();
  }

  /** Opened to append after the bytes so far, or truncated when there are none. */
  open(): Promise<FileHandle> {
    return open(this.paths.partial, this.size > 0 ? 'a' : 'w');
  }

  /** Writes all of `chunk` (retrying short writes); a full disk becomes a clear disk_full error. */
  async append(handle: FileHandle, chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      try {
        const { bytesWritten } = await handle.write(chunk, offset);
        offset += bytesWritten;
      } catch (error) {
        throw noRoomError(error, { ...this.where, bytes: this.size + offset }) ?? error;
      }
    }
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  onDisk(): Promise<number | null> {
    return fileSize(this.paths.partial);
  }

  /** Hex SHA-256 of the bytes so far; call once, when the transfer is over. */
  digest(): string {
    return this.hash.digest('hex');
  }

  /** Flushes the bytes to disk, renames the file into place (over any older file) and drops the sidecar. */
  async moveIntoPlace(): Promise<void> {
    const handle = await open(this.paths.partial, 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(this.paths.partial, this.paths.final);
    await syncFolder(path.dirname(this.paths.final));
    await rm(this.paths.sidecar, { force: true });
  }
}

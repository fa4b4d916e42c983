import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { copyFile, link, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Exact mode of the new file (0o600 for private files); by default 0o666 less the umask. */
  mode?: number;
  /**
   * false: fail with EEXIST when `file` exists (or a link of that name does), decided by link(2),
   * which cannot race with another writer. true (default): replace it; a symbolic link at `file` is
   * replaced itself, never followed.
   */
  overwrite?: boolean;
}

/**
 * Writes `data` so that `file` is either its old self or the whole new content, never half of it,
 * even if the app is killed or the disk fills: a temporary file with a random name in the same folder,
 * created exclusively (O_EXCL: a planted file or link of that name makes it fail, nothing is followed),
 * written, fsynced, then renamed (or hard-linked) into place, then the folder is fsynced so the new
 * name survives a power cut.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await placeAtomically(file, options, async (temp) => {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** writeFileAtomic for callers that must stay synchronous (the session recorder). */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const temp = tempNameFor(file);
  try {
    writeExclusiveSync(temp, data, options.mode);
    if (options.overwrite === false) {
      try {
        linkSync(temp, file);
      } catch (error) {
        if (!linkUnsupported(error)) throw error;
        withoutPartial(file, () => writeExclusiveSync(file, data, options.mode));
      }
      unlinkSync(temp);
    } else {
      renameSync(temp, file);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolderSync(path.dirname(file));
}

/**
 * Copies `source` into place the same way (large files: model imports). `verify` sees the complete,
 * synced copy under its temporary name before it takes the target's name; throwing there places nothing.
 */
export async function copyFileAtomic(
  source: string,
  target: string,
  options: AtomicWriteOptions & { verify?: (copy: string) => Promise<void> } = {},
): Promise<void> {
  await placeAtomically(target, options, async (temp) => {
    // COPYFILE_EXCL creates the copy with O_EXCL, so a link planted at the random name is not followed.
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    const handle = await open(temp, 'r+');
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.verify?.(temp);
  });
}

async function placeAtomically(
  file: string,
  options: AtomicWriteOptions,
  writeTemp: (temp: string) => Promise<void>,
): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await writeTemp(temp);
    if (options.overwrite === false) {
      try {
        await link(temp, file);
      } catch (error) {
        if (!linkUnsupported(error)) throw error;
        // A file system without hard links (FAT, some network shares): create the target itself
        // exclusively. Still never overwrites or follows a link; only all-or-nothing is lost.
        await copyFile(temp, file, constants.COPYFILE_EXCL).catch(async (copyError: unknown) => {
          if ((copyError as NodeJS.ErrnoException).code !== 'EEXIST') await rm(file, { force: true });
          throw copyError;
        });
      }
      await unlink(temp);
    } else {
      await rename(temp, file);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(file));
}

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

function writeExclusiveSync(file: string, data: string | Uint8Array, mode: number | undefined): void {
  const fd = openSync(file, 'wx', mode ?? 0o666);
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs a direct exclusive write of `file`; a failure other than "it exists" removes what it left. */
function withoutPartial(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(file, { force: true });
    throw error;
  }
}

const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function linkUnsupported(error: unknown): boolean {
  return LINK_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Makes a rename or a new file in `dir` durable. Windows cannot open a folder for this (and NTFS
 * journals the rename itself); some file systems refuse fsync on a folder: both are left at that.
 */
export async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync().catch((error: NodeJS.ErrnoException) => {
      if (!FOLDER_SYNC_UNSUPPORTED.has(error.code ?? '')) throw error;
    });
  } finally {
    await handle.close();
  }
}

export function syncFolderSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!FOLDER_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

const FOLDER_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM']);

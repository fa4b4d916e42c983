import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { sha256Of } from './model-files.js';

/**
 * SHA-256 values of the model files, remembered beside them (`model-checksums.json`) with the
 * file's identity (size, mtime, ctime, inode), so a 1.6 GB model is hashed once, not at every list.
 * A file that changed in any of these is hashed again.
 */
const CHECKSUMS_FILE = 'model-checksums.json';

const Identity = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  ctimeMs: z.number(),
  ino: z.number(),
});
const Entry = Identity.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const Checksums = z.object({ version: z.literal(1), files: z.record(z.string(), Entry) });
type Checksums = z.infer<typeof Checksums>;
type Identity = z.infer<typeof Identity>;

async function identityOf(filePath: string): Promise<Identity> {
  const info = await stat(filePath);
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

export class ChecksumCache {
  constructor(private readonly modelsDir: string) {}

  private get cacheFile(): string {
    return path.join(this.modelsDir, CHECKSUMS_FILE);
  }

  /** The file's SHA-256, from the cache when the file is unchanged since it was hashed. */
  async sha256(file: string): Promise<string> {
    const filePath = path.join(this.modelsDir, file);
    const before = await identityOf(filePath);
    const cached = (await this.read()).files[file];
    if (cached && sameIdentity(cached, before)) return cached.sha256;
    const digest = await sha256Of(filePath);
    // Remembered only if the file did not change while it was read.
    if (sameIdentity(before, await identityOf(filePath))) await this.write(file, before, digest);
    return digest;
  }

  /** Records a hash computed elsewhere (a download that just hashed every byte it wrote). */
  async remember(file: string, sha256: string): Promise<void> {
    await this.write(file, await identityOf(path.join(this.modelsDir, file)), sha256);
  }

  async forget(file: string): Promise<void> {
    const checksums = await this.read();
    if (!(file in checksums.files)) return;
    delete checksums.files[file];
    await this.save(checksums);
  }

  private async read(): Promise<Checksums> {
    try {
      return Checksums.parse(JSON.parse(await readFile(this.cacheFile, 'utf8')));
    } catch {
      // Missing or unreadable: it only saves time, so start afresh.
      return { version: 1, files: {} };
    }
  }

  private async write(file: string, identity: Identity, sha256: string): Promise<void> {
    const checksums = await this.read();
    checksums.files[file] = { ...identity, sha256 };
    await this.save(checksums);
  }

  private async save(checksums: Checksums): Promise<void> {
    await mkdir(this.modelsDir, { recursive: true });
    const temp = `${this.cacheFile}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(checksums, null, 2)}\n`);
    await rename(temp, this.cacheFile);
  }
}

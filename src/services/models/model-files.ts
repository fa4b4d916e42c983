import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies an imported model into place through a temporary name, so a half-copied file is never used. */
export async function copyIntoPlace(file: string, target: string): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.importing`;
  try {
    await copyFile(file, temp);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  return target;
}

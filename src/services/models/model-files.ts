import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { copyFileAtomic } from '../storage/atomic-file.js';

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies an imported model into place through a temporary name, so a half-copied file is never used. */
export async function copyIntoPlace(file: string, target: string): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFileAtomic(file, target);
  return target;
}

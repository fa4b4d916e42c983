import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../services/storage/atomic-file.js';
import {
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenTree,
  type ModeProblemHandler,
} from '../../services/storage/private-files.js';

/** Where the audio of dictations the app could not finish before quitting is kept. */
export function keptAudioDir(dataDir: string): string {
  return path.join(dataDir, 'unfinished');
}

/** Saves 16 kHz mono float samples as a 16-bit PCM WAV file, owner-only, never over another; returns its path. */
export async function keepAudio(dataDir: string, sessionId: string, samples: Float32Array): Promise<string> {
  const dir = keptAudioDir(dataDir);
  ensurePrivateDir(dir);
  const file = path.join(
    dir,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${sessionId.slice(0, 8)}.wav`,
  );
  await writeFileAtomic(file, encodeWav16(samples, 16000), { mode: PRIVATE_FILE_MODE, overwrite: false });
  return file;
}

/** Recordings kept by an earlier run, oldest first; made owner-only if an older version left them wider. */
export async function listKeptAudio(dataDir: string, onModeProblem?: ModeProblemHandler): Promise<string[]> {
  const dir = keptAudioDir(dataDir);
  tightenTree(dir, onModeProblem);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.wav'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function encodeWav16(samples: Float32Array, sampleRate: number): Buffer {
  const data = samples.length * 2;
  const out = Buffer.alloc(44 + data);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + data, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), 44 + i * 2);
  }
  return out;
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { encodePcm16Wav } from '../../audio/wav-header.js';
import type { Logger } from '../logging/logger.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import {
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenTree,
  type ModeProblemHandler,
} from '../storage/private-files.js';

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
  await writeFileAtomic(file, encodePcm16Wav(samples), { mode: PRIVATE_FILE_MODE, overwrite: false });
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

/** Tells the user about recordings an earlier run kept because it quit before they were transcribed. */
export async function announceKeptAudio(
  dataDir: string,
  logger: Logger,
  notify: (message: string, hint: string) => void,
): Promise<string[]> {
  const kept = await listKeptAudio(dataDir);
  if (kept.length === 0) return kept;
  logger.warn(
    { event: 'kept_audio_found', files: kept },
    'recordings from an earlier run were not transcribed',
  );
  notify(
    `${kept.length === 1 ? 'A recording' : `${kept.length} recordings`} could not be transcribed before Dictation last quit; the audio is kept in ${keptAudioDir(dataDir)}.`,
    'Drop the file on the window to transcribe it as a file job, then delete it.',
  );
  return kept;
}

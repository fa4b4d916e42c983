import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repairWav } from './growing-wav.js';
import { tightenTree, type ModeProblemHandler } from '../storage/private-files.js';
import { SESSION_FILES, writeSessionFile, type SessionMeta } from './session-recorder.js';

export interface RecordedSession extends SessionMeta {
  dir: string;
  audioFile: string;
  captionsFile: string;
  audioBytes: number;
}

/**
 * Run at start: every session file becomes owner-only (older versions wrote them with the umask's
 * mode), and a session the app did not end (it was killed) gets its WAV header fixed and an end
 * time, and is marked recovered. Returns what it repaired. Each session is repaired on its own: one
 * that cannot be (its audio unreadable, its session.json not a session) is reported to onDamaged and
 * left as it is, and the others are still repaired.
 */
export function repairSessions(
  sessionsDir: string,
  onDamaged?: DamagedHandler,
  onModeProblem?: ModeProblemHandler,
): string[] {
  tightenTree(sessionsDir, onModeProblem);
  const repaired: string[] = [];
  for (const session of listSessions(sessionsDir, onDamaged)) {
    if (session.endedAt !== null) continue;
    try {
      repairWav(session.audioFile);
      const endedAt = new Date(statSync(session.audioFile).mtimeMs).toISOString();
      const meta: SessionMeta = { ...stripFiles(session), endedAt, recovered: true };
      writeSessionFile(path.join(session.dir, SESSION_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
      repaired.push(session.dir);
    } catch (error) {
      onDamaged?.(session.dir, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return repaired;
}

/** session.json as the recorder writes it; anything else is a damaged session (the window's list needs these). */
const SessionMetaFile = z.object({
  id: z.uuid(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  model: z.string(),
  language: z.string(),
  appVersion: z.string(),
  dictations: z.number().int().nonnegative(),
  recovered: z.boolean().optional(),
});

/** Told about a session folder that cannot be read or repaired (it is left on disk untouched). */
export type DamagedHandler = (dir: string, error: Error) => void;

export function listSessions(sessionsDir: string, onDamaged?: DamagedHandler): RecordedSession[] {
  if (!existsSync(sessionsDir)) return [];
  const sessions: RecordedSession[] = [];
  for (const name of readdirSync(sessionsDir).sort().reverse()) {
    const dir = path.join(sessionsDir, name);
    const metaFile = path.join(dir, SESSION_FILES.meta);
    const audioFile = path.join(dir, SESSION_FILES.audio);
    if (!existsSync(metaFile) || !existsSync(audioFile)) continue;
    try {
      const parsed = SessionMetaFile.safeParse(JSON.parse(readFileSync(metaFile, 'utf8')));
      if (!parsed.success) {
        throw new Error(`${metaFile} is not a session description: ${z.prettifyError(parsed.error)}`);
      }
      const meta: SessionMeta = parsed.data;
      if (!statSync(audioFile).isFile()) throw new Error(`${audioFile} is not a file`);
      sessions.push({
        ...meta,
        dir,
        audioFile,
        captionsFile: path.join(dir, SESSION_FILES.captions),
        audioBytes: statSync(audioFile).size,
      });
    } catch (error) {
      onDamaged?.(dir, error as Error);
    }
  }
  return sessions;
}

function stripFiles(session: RecordedSession): SessionMeta {
  const { dir: _dir, audioFile: _a, captionsFile: _c, audioBytes: _b, ...meta } = session;
  return meta;
}

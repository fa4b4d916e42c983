import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { toWebVtt } from '../../shared/exports/webvtt.js';
import type { Segment } from '../../shared/transcript.js';
import { writeFileAtomicSync } from '../storage/atomic-file.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../storage/private-files.js';
import { GrowingWav } from './growing-wav.js';

export interface SessionMeta {
  id: string;
  startedAt: string;
  endedAt: string | null;
  model: string;
  language: string;
  appVersion: string;
  dictations: number;
  /** Set when the app died during the session and the files were repaired on the next start. */
  recovered?: boolean;
}

export const SESSION_FILES = { audio: 'audio.wav', captions: 'captions.vtt', meta: 'session.json' } as const;

/**
 * Writes a small file of a session (owner-only) so that a crash leaves either the old or the new
 * version, never half of one.
 */
export function writeSessionFile(file: string, text: string): void {
  writeFileAtomicSync(file, text, { mode: PRIVATE_FILE_MODE });
}

export interface SessionRecorderOptions {
  /** Audio bytes one session's WAV may hold before the next dictation starts a new session. */
  maxAudioBytes?: number;
}

/** What addDictation did: the session it went into, and the one it closed to make room, if any. */
export interface RecordedDictation {
  sessionId: string;
  rolledOverFrom: string | null;
}

type SessionInfo = Pick<SessionMeta, 'model' | 'language' | 'appVersion'>;

/** One session folder being written: its WAV, its captions so far and its metadata. */
interface OpenSession {
  dir: string;
  wav: GrowingWav;
  segments: Segment[];
  meta: SessionMeta;
}

/**
 * "Record session": every dictation's audio is appended to one WAV, and its segments (shifted to where
 * that audio sits in the WAV) to a WebVTT file rewritten after each dictation, so the captions always
 * line up with the audio and both survive a crash. Files are owner-only. A WAV about to pass what the
 * format can hold (4 GiB) is closed and the session continues in a new one; a write that fails (a full
 * disk) stops the recorder, with the files on disk consistent, and throws the reason.
 */
export class SessionRecorder {
  private session: OpenSession;
  private failed = false;

  constructor(
    private readonly sessionsDir: string,
    private readonly info: SessionInfo,
    private readonly options: SessionRecorderOptions = {},
  ) {
    this.session = this.open();
  }

  /** Adds one dictation: its audio, and its segments timed from the start of that audio. */
  addDictation(audio: Float32Array, segments: readonly Segment[], segmentsOffsetMs = 0): RecordedDictation {
    if (this.failed) {
      throw new AppError('io', 'The session recording has stopped after a failed write.', {
        hint: 'Recording starts a new session with the next dictation.',
      });
    }
    try {
      let rolledOverFrom: string | null = null;
      if (!this.session.wav.fits(audio.length) && this.session.meta.dictations > 0) {
        rolledOverFrom = this.session.meta.id;
        this.end(this.session);
        this.session = this.open();
      }
      const { wav, dir, meta } = this.session;
      const atMs = wav.append(audio) + segmentsOffsetMs;
      for (const s of segments) {
        const shifted: Segment = { ...s, startMs: s.startMs + atMs, endMs: s.endMs + atMs };
        if (s.tokens)
          shifted.tokens = s.tokens.map((t) => ({ ...t, startMs: t.startMs + atMs, endMs: t.endMs + atMs }));
        this.session.segments.push(shifted);
      }
      writeSessionFile(path.join(dir, SESSION_FILES.captions), toWebVtt(this.session.segments));
      meta.dictations += 1;
      writeMeta(this.session);
      return { sessionId: meta.id, rolledOverFrom };
    } catch (error) {
      this.fail();
      throw error;
    }
  }

  get durationMs(): number {
    return this.session.wav.durationMs;
  }

  /** The session's id (session.json's `id`), by which the window names it. */
  get id(): string {
    return this.session.meta.id;
  }

  /** The folder of the session being written. */
  get dir(): string {
    return this.session.dir;
  }

  /** True once a write failed: the recorder takes no more dictations (start a new one). */
  get stopped(): boolean {
    return this.failed;
  }

  stop(): SessionMeta {
    if (!this.failed) this.end(this.session);
    return { ...this.session.meta };
  }

  private open(): OpenSession {
    const id = randomUUID();
    const startedAt = new Date();
    const dir = path.join(
      this.sessionsDir,
      `${startedAt.toISOString().replace(/[:.]/g, '-')}-${id.slice(0, 8)}`,
    );
    ensurePrivateDir(this.sessionsDir);
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    let wav: GrowingWav | null = null;
    try {
      wav = new GrowingWav(path.join(dir, SESSION_FILES.audio), {
        ...(this.options.maxAudioBytes !== undefined ? { maxDataBytes: this.options.maxAudioBytes } : {}),
      });
      const session: OpenSession = {
        dir,
        wav,
        segments: [],
        meta: { id, startedAt: startedAt.toISOString(), endedAt: null, dictations: 0, ...this.info },
      };
      writeSessionFile(path.join(dir, SESSION_FILES.captions), toWebVtt([]));
      writeMeta(session);
      return session;
    } catch (error) {
      // A session that could not even start (a full disk) leaves no half-made folder behind.
      wav?.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private end(session: OpenSession): void {
    session.meta.endedAt = new Date().toISOString();
    writeMeta(session);
    session.wav.close();
  }

  /**
   * After a failed write: the WAV has already cut itself back to what its header covers; the end
   * time is written if the disk allows, else the next start repairs the session (marks it recovered).
   */
  private fail(): void {
    this.failed = true;
    this.session.wav.close();
    try {
      this.session.meta.endedAt = new Date().toISOString();
      writeMeta(this.session);
    } catch {
      // Left without an end time on purpose: repairSessions finishes it on the next start.
      this.session.meta.endedAt = null;
    }
  }
}

function writeMeta(session: OpenSession): void {
  writeSessionFile(path.join(session.dir, SESSION_FILES.meta), `${JSON.stringify(session.meta, null, 2)}\n`);
}

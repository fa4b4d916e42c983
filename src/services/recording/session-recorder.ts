import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toWebVtt } from '../../shared/exports/webvtt.js';
import type { Segment } from '../../shared/transcript.js';
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

/** Writes a small file so that a crash leaves either the old or the new version, never half of one. */
export function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/**
 * "Record session": every dictation's audio is appended to one WAV, and its segments (shifted to where
 * that audio sits in the WAV) to a WebVTT file rewritten after each dictation, so the captions always
 * line up with the audio and both survive a crash.
 */
export class SessionRecorder {
  readonly dir: string;
  private readonly wav: GrowingWav;
  private readonly segments: Segment[] = [];
  private readonly meta: SessionMeta;

  constructor(sessionsDir: string, info: { model: string; language: string; appVersion: string }) {
    const id = randomUUID();
    const startedAt = new Date();
    this.dir = path.join(sessionsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-${id.slice(0, 8)}`);
    mkdirSync(this.dir, { recursive: true });
    this.meta = { id, startedAt: startedAt.toISOString(), endedAt: null, dictations: 0, ...info };
    this.wav = new GrowingWav(path.join(this.dir, SESSION_FILES.audio));
    writeAtomically(path.join(this.dir, SESSION_FILES.captions), toWebVtt([]));
    this.writeMeta();
  }

  /** Adds one dictation: its audio, and its segments timed from the start of that audio. */
  addDictation(audio: Float32Array, segments: readonly Segment[], segmentsOffsetMs = 0): void {
    const atMs = this.wav.append(audio) + segmentsOffsetMs;
    for (const s of segments) {
      const shifted: Segment = { ...s, startMs: s.startMs + atMs, endMs: s.endMs + atMs };
      if (s.tokens)
        shifted.tokens = s.tokens.map((t) => ({ ...t, startMs: t.startMs + atMs, endMs: t.endMs + atMs }));
      this.segments.push(shifted);
    }
    writeAtomically(path.join(this.dir, SESSION_FILES.captions), toWebVtt(this.segments));
    this.meta.dictations += 1;
    this.writeMeta();
  }

  get durationMs(): number {
    return this.wav.durationMs;
  }

  /** The session's id (session.json's `id`), by which the window names it. */
  get id(): string {
    return this.meta.id;
  }

  stop(): SessionMeta {
    this.meta.endedAt = new Date().toISOString();
    this.writeMeta();
    this.wav.close();
    return { ...this.meta };
  }

  private writeMeta(): void {
    writeAtomically(path.join(this.dir, SESSION_FILES.meta), `${JSON.stringify(this.meta, null, 2)}\n`);
  }
}

import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { exportTranscript } from '../../shared/exports/index.js';
import type { RecordedSessionInfo, SessionExportFormat } from '../../shared/sessions.js';
import { writeFileAtomicSync } from '../storage/atomic-file.js';
import { wavAudioMs } from './growing-wav.js';
import { readSessionSegments } from './session-captions.js';
import { listSessions, type DamagedHandler, type RecordedSession } from './session-repair.js';

/**
 * The recorded sessions on disk, as the window lists and handles them. Sessions are named by the id in
 * their session.json, never by a path from the window, so a request cannot reach outside sessionsDir.
 */
export class SessionLibrary {
  constructor(
    readonly sessionsDir: string,
    /** The id of the session being recorded now, if any. */
    private readonly recordingId: () => string | null,
    private readonly onDamaged?: DamagedHandler,
  ) {}

  list(): RecordedSessionInfo[] {
    const current = this.recordingId();
    return listSessions(this.sessionsDir, this.onDamaged).map((session) => ({
      id: session.id,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      durationMs: wavAudioMs(session.audioBytes),
      dictations: session.dictations,
      model: session.model,
      language: session.language,
      appVersion: session.appVersion,
      recovered: session.recovered === true,
      inProgress: session.id === current,
      folder: session.dir,
      audioFile: session.audioFile,
    }));
  }

  find(id: string): RecordedSession {
    const session = listSessions(this.sessionsDir, this.onDamaged).find((s) => s.id === id);
    if (!session) {
      throw new AppError('session_not_found', `There is no recorded session ${id} in ${this.sessionsDir}.`, {
        hint: 'It may have been deleted; the list has been refreshed.',
      });
    }
    return session;
  }

  /**
   * Writes the session's captions to `target` in one format. VTT is the recorded file as it is; SRT and
   * text are made from its cues, so their times are the same. Overwrites only when the user confirmed it
   * (the desktop's save dialog asks); a typed path never replaces a file.
   */
  exportCaptions(id: string, format: SessionExportFormat, target: string, overwrite: boolean): string {
    const session = this.find(id);
    const file = checkedTarget(target, format);
    const segments = readSessionSegments(session.captionsFile);
    try {
      writeFileAtomicSync(file, exportTranscript(format, segments), { overwrite });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(file);
      throw new AppError('io', `Could not write ${file}: ${(error as Error).message}`, {
        hint: 'Choose a folder you can write to, and check the free disk space.',
        cause: error,
      });
    }
    return file;
  }

  /** Deletes the session's folder (audio, captions, metadata); not the one being recorded. */
  delete(id: string): void {
    const session = this.find(id);
    if (session.id === this.recordingId()) {
      throw new AppError('busy', 'This session is being recorded right now, so it is not deleted.', {
        hint: 'Turn off "Record sessions" in Settings → Integrations first, then delete it.',
      });
    }
    rmSync(session.dir, { recursive: true, force: true });
  }
}

function checkedTarget(target: string, format: SessionExportFormat): string {
  if (!path.isAbsolute(target)) {
    throw new AppError('invalid_request', `"${target}" is not a full path, so the captions were not saved.`, {
      hint: 'Give the whole path, for example /home/me/Documents/session.vtt.',
    });
  }
  const file = path.resolve(target);
  if (path.extname(file).toLowerCase() !== `.${format}`) {
    throw new AppError('invalid_request', `${file} does not end in .${format}, so it was not written.`, {
      hint: `Name the file with the .${format} extension.`,
    });
  }
  const folder = path.dirname(file);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError(
      'io',
      `The folder ${folder} does not exist, so ${path.basename(file)} was not saved.`,
      {
        hint: 'Choose an existing folder.',
      },
    );
  }
  return file;
}

/** Decided by the write itself (a hard link that cannot replace a file), not by a check before it. */
function alreadyExists(file: string): AppError {
  return new AppError('output_exists', `${file} already exists; it was left as it is.`, {
    hint: 'Choose another file name.',
  });
}

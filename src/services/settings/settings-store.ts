import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import {
  DEFAULT_SETTINGS,
  SETTINGS_GROUPS,
  Settings,
  SettingsPatch,
  settingsProblems,
  type SettingsWarning,
} from '../../shared/settings.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import {
  ensurePrivateDir,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  tightenMode,
  type ModeProblemHandler,
} from '../storage/private-files.js';
import { resolveSettings } from './resolve-settings.js';

export type SettingsListener = (settings: Settings, previous: Settings) => void;

export interface SettingsStoreOptions {
  /** Usually appPaths().settingsFile. */
  file: string;
  logger?: Logger;
  /** For the name of a corrupt file moved aside. */
  now?: () => Date;
}

/**
 * The settings file: read once at start (a missing, corrupt or partly wrong file never stops the app),
 * changed through validated updates, written atomically, and announced to subscribers.
 */
export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<SettingsListener>();
  /** Updates run one after another so each sees the one before it and writes never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    settings: Settings,
    /** What went wrong reading the file, for the UI to show once. Also logged. */
    readonly warnings: readonly SettingsWarning[],
    private readonly logger: Logger,
  ) {
    this.current = settings;
  }

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const logger = options.logger ?? silentLogger();
    // The file holds the event API token: owner-only, also when an older version wrote it 0644.
    const onModeProblem: ModeProblemHandler = (problem) =>
      logger.warn({ event: 'settings_not_private', ...problem }, problem.message);
    try {
      ensurePrivateDir(path.dirname(options.file), onModeProblem);
      tightenMode(options.file, onModeProblem);
    } catch (error) {
      // The folder cannot be made: reading goes on (defaults), and a save reports the same cause.
      logger.warn({ event: 'settings_folder_failed', err: error }, 'cannot create the settings folder');
    }
    const { settings, warnings } = await loadSettings(options.file, options.now ?? (() => new Date()));
    for (const warning of warnings) {
      logger.warn({ event: 'settings_warning', file: options.file, ...warning }, warning.message);
    }
    return new SettingsStore(options.file, settings, warnings, logger);
  }

  /** The settings now in effect (a copy: changing it changes nothing). */
  get(): Settings {
    return structuredClone(this.current);
  }

  /**
   * Applies a change from the UI (any fields of any groups). Rejects, changing nothing, a patch with an
   * unknown or invalid field or one that makes hotkeys collide; throws AppError 'io' if the file cannot
   * be written (the settings in effect stay as they were).
   */
  update(patch: unknown): Promise<Settings> {
    return this.enqueue(() => {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) {
        const reasons = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'patch'}: ${issue.message}`,
        );
        throw invalid(reasons);
      }
      const next = structuredClone(this.current);
      for (const group of SETTINGS_GROUPS) {
        const change = parsed.data[group];
        if (change) Object.assign(next[group], change);
      }
      return next;
    });
  }

  /** Every setting back to its default. */
  reset(): Promise<Settings> {
    return this.enqueue(() => structuredClone(DEFAULT_SETTINGS));
  }

  /** Called after each change that was saved; returns the unsubscribe function. */
  subscribe(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private enqueue(compute: () => Settings): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const next = compute();
      const problems = settingsProblems(next);
      if (problems.length > 0) throw invalid(problems);
      const previous = this.current;
      if (JSON.stringify(next) === JSON.stringify(previous)) return structuredClone(previous);
      await writeAtomically(this.file, `${JSON.stringify(Settings.parse(next), null, 2)}\n`);
      this.current = next;
      this.logger.info({ event: 'settings_saved', file: this.file }, 'settings saved');
      this.notify(next, previous);
      return structuredClone(next);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private notify(settings: Settings, previous: Settings): void {
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(settings), structuredClone(previous));
      } catch (error) {
        // The change is saved; a failing subscriber must not undo it or stop the others hearing of it.
        this.logger.error({ event: 'settings_listener_failed', err: error }, 'a settings subscriber threw');
      }
    }
  }
}

function invalid(reasons: string[]): AppError {
  return new AppError('settings_invalid', `Settings not changed: ${reasons.join(' ')}`, {
    hint: 'Correct the highlighted setting and try again.',
  });
}

async function loadSettings(
  file: string,
  now: () => Date,
): Promise<{ settings: Settings; warnings: SettingsWarning[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: structuredClone(DEFAULT_SETTINGS), warnings: [] };
    return {
      settings: structuredClone(DEFAULT_SETTINGS),
      warnings: [
        {
          kind: 'unreadable_file',
          message: `Cannot read the settings file ${file} (${(error as Error).message}); the defaults are used and changes may not be saved. Check the file's permissions.`,
        },
      ],
    };
  }
  const raw = parseObject(text);
  if (raw === undefined) return movedAside(file, now);
  return resolveSettings(raw);
}

/** The file's top-level object, or undefined when it is not JSON or not an object (empty, truncated...). */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: handled as a corrupt file by the caller
  }
  return undefined;
}

async function movedAside(
  file: string,
  now: () => Date,
): Promise<{ settings: Settings; warnings: SettingsWarning[] }> {
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  const settings = structuredClone(DEFAULT_SETTINGS);
  try {
    await rename(file, aside);
  } catch (error) {
    const message = `The settings file ${file} is damaged and could not be moved aside (${(error as Error).message}); the defaults are used, and saving settings will replace it.`;
    return { settings, warnings: [{ kind: 'corrupt_file', message }] };
  }
  const message = `The settings file ${file} was damaged (not valid JSON) and was moved to ${path.basename(aside)}; the defaults are used.`;
  return { settings, warnings: [{ kind: 'corrupt_file', message, movedTo: aside }] };
}

/** Owner-only, through a random temporary file renamed over: readers see old or new, never half. */
async function writeAtomically(file: string, content: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFileAtomic(file, content, { mode: PRIVATE_FILE_MODE });
  } catch (error) {
    throw new AppError('io', `Cannot save the settings file ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder is writable and the disk is not full.',
      cause: error,
    });
  }
}

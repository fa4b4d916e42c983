import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { appVersion } from '../../engine/project-root.js';
import { AppError, type SerializedError } from '../../shared/errors.js';
import type { ModelEvent } from '../../shared/models.js';
import { phraseFromModelFile, wakeModelFileName, wakeModelId } from '../../shared/wake-phrase.js';
import type { WakeModelsStatus, WakePhraseModel } from '../../shared/wake-models.js';
import { DownloadJob } from './download-job.js';
import { checkWakeClassifier } from './onnx-classifier-check.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import {
  FRONT_END_FILES,
  findWakePhrase,
  OPENWAKEWORD_LICENCE,
  WAKE_FRONT_END,
  WAKE_PHRASE_CATALOG,
  wakeDownloadUrl,
  type WakeModelFile,
} from './wake-catalog.js';
import { copyIntoPlace, sha256Of } from './model-files.js';

/** Phrase models and the front end share one folder: the detector finds the front end beside the phrase. */
export function wakeModelsDir(modelsDir: string): string {
  return path.join(modelsDir, 'wakeword');
}

const LICENCE_HINT =
  `The pre-trained wake phrase models are ${OPENWAKEWORD_LICENCE.id} (non-commercial use only): ` +
  'accept it with --accept-licence (or the checkbox in Models > Wake phrases), or import your own .onnx model.';

async function sizeOf(file: string): Promise<number | null> {
  return (await stat(file).catch(() => null))?.size ?? null;
}

/** What is installed and what can be downloaded; `downloading` and `error` come from the caller. */
export async function wakeModelsStatus(
  modelsDir: string,
  downloading: readonly string[] = [],
  error: SerializedError | null = null,
): Promise<WakeModelsStatus> {
  const dir = wakeModelsDir(modelsDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) =>
    n.toLowerCase().endsWith('.onnx'),
  );
  const frontEndSizes = await Promise.all(WAKE_FRONT_END.map((f) => sizeOf(path.join(dir, f.file))));
  const phrases: WakePhraseModel[] = [];
  for (const entry of WAKE_PHRASE_CATALOG) {
    const file = path.join(dir, entry.file);
    const size = names.includes(entry.file) ? await sizeOf(file) : null;
    phrases.push({
      id: entry.id,
      phrase: entry.phrase,
      file: entry.file,
      path: file,
      installed: size !== null,
      source: 'catalog',
      sizeBytes: size ?? entry.sizeBytes,
      licence: OPENWAKEWORD_LICENCE,
    });
  }
  const known = new Set([...FRONT_END_FILES, ...WAKE_PHRASE_CATALOG.map((e) => e.file)]);
  for (const name of names.filter((n) => !known.has(n)).sort()) {
    const file = path.join(dir, name);
    phrases.push({
      // A file imported under its raw name by an older version ("Hey Computer.onnx") gets a valid id.
      id: wakeModelId(name),
      phrase: phraseFromModelFile(name),
      file: name,
      path: file,
      installed: true,
      source: 'imported',
      sizeBytes: (await sizeOf(file)) ?? 0,
      licence: null,
    });
  }
  return {
    dir,
    frontEnd: {
      installed: frontEndSizes.every((size) => size !== null),
      files: [...FRONT_END_FILES],
      sizeBytes: WAKE_FRONT_END.reduce((sum, f) => sum + f.sizeBytes, 0),
      licence: OPENWAKEWORD_LICENCE,
    },
    phrases,
    downloading: [...downloading],
    error,
  };
}

export interface InstallWakePhraseOptions {
  modelsDir: string;
  /** A catalog id ("hey_jarvis_v0.1") or file name. */
  id: string;
  /** The user accepted CC BY-NC-SA 4.0; nothing is downloaded without it. */
  acceptLicence: boolean;
  /** Base URL holding the .onnx files (flat) instead of openWakeWord's GitHub. */
  mirror?: string | undefined;
  logger: Logger;
  onEvent?: (event: ModelEvent) => void;
  retry?: Partial<RetryPolicy>;
  stallTimeoutMs?: number;
}

/** Downloads the phrase model, and the front end with it when missing; resolves with the phrase's path. */
export async function installWakePhrase(options: InstallWakePhraseOptions): Promise<string> {
  const entry = findWakePhrase(options.id);
  if (!entry) {
    throw new AppError('invalid_request', `"${options.id}" is not a wake phrase model in the catalog`, {
      hint: `Choose one of ${WAKE_PHRASE_CATALOG.map((e) => e.id).join(', ')}, or import your own .onnx model.`,
    });
  }
  if (!options.acceptLicence) {
    throw new AppError(
      'licence_not_accepted',
      `${entry.file} was not downloaded: its licence (${OPENWAKEWORD_LICENCE.name}) has not been accepted.`,
      { hint: LICENCE_HINT },
    );
  }
  const dir = wakeModelsDir(options.modelsDir);
  await mkdir(dir, { recursive: true });
  for (const file of WAKE_FRONT_END) {
    if ((await sizeOf(path.join(dir, file.file))) === null) {
      await download(file, entry.id, dir, options, checkOnnxFile);
    }
  }
  const target = path.join(dir, entry.file);
  if ((await sizeOf(target)) === null) await download(entry, entry.id, dir, options, checkWakeClassifier);
  return target;
}

/** The front end has no classifier shape; its SHA-256 is checked anyway, so the header check is enough. */
async function checkOnnxFile(file: string): Promise<void> {
  const head = Buffer.alloc(2);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (head[0] !== 0x08) throw new AppError('model_invalid', `${file} is not an ONNX model`);
}

async function download(
  file: WakeModelFile,
  name: string,
  dir: string,
  options: InstallWakePhraseOptions,
  validate: (file: string) => Promise<void>,
): Promise<void> {
  const job = new DownloadJob(
    {
      id: file.file,
      name,
      file: file.file,
      url: wakeDownloadUrl(file, options.mirror),
      expectedSize: file.sizeBytes,
      sha256: file.sha256,
    },
    {
      modelsDir: dir,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
      progressIntervalMs: 250,
      userAgent: `Dictation/${appVersion()} (model manager)`,
      logger: options.logger,
      emit: options.onEvent ?? (() => {}),
      validate,
    },
  );
  const outcome = await job.start();
  if (outcome.status !== 'completed') {
    throw new AppError('download_failed', `The download of ${file.file} was ${outcome.status}.`, {
      hint: 'Run the install again; it resumes where it stopped.',
    });
  }
}

/**
 * Copies a model file the user has into the wake word folder. A front-end file or a catalog phrase must
 * match its published SHA-256 (offline installs); any other file must be an openWakeWord classifier.
 */
export async function importWakeModel(file: string, modelsDir: string): Promise<string> {
  const name = path.basename(file);
  if (!name.toLowerCase().endsWith('.onnx')) {
    throw new AppError('model_invalid', `${file} is not an .onnx file`, {
      hint: 'Import an openWakeWord phrase classifier (a .onnx file).',
    });
  }
  const published = [...WAKE_FRONT_END, ...WAKE_PHRASE_CATALOG].find((f) => f.file === name);
  if (published) {
    if (!FRONT_END_FILES.includes(name)) await checkWakeClassifier(file);
    const sha = await sha256Of(file).catch(() => {
      throw new AppError('model_not_found', `Wake model not found: ${file}`);
    });
    if (sha !== published.sha256) {
      throw new AppError(
        'verification_failed',
        `${file} is not openWakeWord's ${name} (its SHA-256 differs).`,
        {
          hint: `Use the file from ${published.url}, or rename your own model.`,
        },
      );
    }
  } else {
    await checkWakeClassifier(file);
  }
  // Kept under a name the window and the requests accept ("Hey Computer.onnx" -> "Hey_Computer.onnx").
  return copyIntoPlace(file, path.join(wakeModelsDir(modelsDir), wakeModelFileName(name)));
}

/** Deletes a phrase model; with the last one gone, the front end goes too. */
export async function removeWakePhrase(id: string, modelsDir: string): Promise<void> {
  const status = await wakeModelsStatus(modelsDir);
  const phrase = status.phrases.find((p) => p.installed && (p.id === id || p.file === id));
  if (!phrase) {
    throw new AppError('model_not_found', `No wake phrase model "${id}" is installed in ${status.dir}`, {
      hint: {
        window: 'The Models tab lists the installed wake phrases.',
        cli: 'Run "dictation models wake list" to see the installed ones.',
      },
    });
  }
  await rm(phrase.path, { force: true });
  if (!status.phrases.some((p) => p.installed && p.path !== phrase.path)) {
    for (const file of FRONT_END_FILES) await rm(path.join(status.dir, file), { force: true });
  }
}

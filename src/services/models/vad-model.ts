import { mkdir, open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { appVersion } from '../../engine/project-root.js';
import { AppError } from '../../shared/errors.js';
import type { ModelEvent } from '../../shared/models.js';
import { DownloadJob } from './download-job.js';
import { DEFAULT_RETRY } from './retry.js';
import { copyIntoPlace, sha256Of } from './model-files.js';

/**
 * Silero VAD v6.2.0 in whisper.cpp's ggml format (MIT), published by ggml-org. The size and SHA-256 are
 * those of the file at huggingface.co/ggml-org/whisper-vad (two independent projects pin the same).
 * Every dictation needs it: speech detection decides what is sent to Whisper.
 */
export const VAD_MODEL = {
  file: 'ggml-silero-v6.2.0.bin',
  sizeBytes: 885_098,
  sha256: '2aa269b785eeb53a82983a20501ddf7c1d9c48e33ab63a41391ac6c9f7fb6987',
  baseUrl: 'https://huggingface.co/ggml-org/whisper-vad/resolve/main',
} as const;

/** Kept apart from the speech models, so model lists and imports never mistake it for one. */
export function vadModelPath(modelsDir: string): string {
  return path.join(modelsDir, 'vad', VAD_MODEL.file);
}

/** A ggml file whose header names a Silero network; anything else is refused before the engine sees it. */
export async function checkVadFile(file: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => {
    throw new AppError('model_not_found', `VAD model not found: ${file}`, {
      hint: {
        window: 'Install it in the Models tab.',
        cli: 'Run "dictation models vad" to install it.',
      },
    });
  });
  try {
    const head = Buffer.alloc(32);
    const { bytesRead } = await handle.read(head, 0, 32, 0);
    const magic = bytesRead >= 4 ? head.readUInt32LE(0) : 0;
    if (magic !== 0x67676d6c || !head.subarray(8, 32).toString('latin1').includes('silero')) {
      throw new AppError('model_invalid', `${file} is not a Silero VAD model in ggml format`, {
        hint: `Use ${VAD_MODEL.file} from ggml-org/whisper-vad.`,
      });
    }
  } finally {
    await handle.close();
  }
}

export interface InstallVadOptions {
  modelsDir: string;
  logger: Logger;
  /** Base URL holding ggml-silero-v6.2.0.bin instead of Hugging Face. */
  mirror?: string | undefined;
  onEvent?: (event: ModelEvent) => void;
}

/** Downloads (with resume, retries and verification) the VAD model unless it is already there. */
export async function installVadModel(options: InstallVadOptions): Promise<string> {
  const target = vadModelPath(options.modelsDir);
  if (existsSync(target)) return target;
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const base = (options.mirror ?? VAD_MODEL.baseUrl).replace(/\/+$/, '');
  const job = new DownloadJob(
    {
      id: VAD_MODEL.file,
      name: 'silero-vad',
      file: VAD_MODEL.file,
      url: `${base}/${VAD_MODEL.file}`,
      expectedSize: VAD_MODEL.sizeBytes,
      sha256: VAD_MODEL.sha256,
    },
    {
      modelsDir: dir,
      retry: DEFAULT_RETRY,
      stallTimeoutMs: 30_000,
      progressIntervalMs: 250,
      userAgent: `Dictation/${appVersion()} (model manager)`,
      logger: options.logger,
      emit: options.onEvent ?? (() => {}),
      validate: checkVadFile,
    },
  );
  const outcome = await job.start();
  if (outcome.status !== 'completed') {
    throw new AppError('download_failed', `The VAD model download was ${outcome.status}.`);
  }
  return target;
}

/** Copies a VAD model file the user already has (offline machines), after checking it. */
export async function importVadModel(file: string, modelsDir: string): Promise<string> {
  await checkVadFile(file);
  const sha = await sha256Of(file);
  if (sha !== VAD_MODEL.sha256) {
    throw new AppError('verification_failed', `${file} is not ${VAD_MODEL.file} (its SHA-256 differs).`, {
      hint: `Use ${VAD_MODEL.file} from huggingface.co/ggml-org/whisper-vad.`,
    });
  }
  return copyIntoPlace(file, vadModelPath(modelsDir));
}

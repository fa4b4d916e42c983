import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';

/** Where the speech model the user chose is, from settings first and the model manager's choice second. */
export async function resolveSpeechModel(
  settings: Settings,
  modelsDir: string,
  managerActive: () => Promise<{ path: string } | null>,
): Promise<string | null> {
  const chosen = settings.speech.model;
  const fromSettings = path.isAbsolute(chosen) ? chosen : path.join(modelsDir, chosen);
  if (await isFile(fromSettings)) return fromSettings;
  const active = await managerActive().catch(() => null);
  if (active && (await isFile(active.path))) return active.path;
  return null;
}

/** The settings' model file when it exists (synchronous: for the job queue's defaults). */
export function chosenSpeechModelSync(settings: Settings, modelsDir: string): string | null {
  const chosen = settings.speech.model;
  const file = path.isAbsolute(chosen) ? chosen : path.join(modelsDir, chosen);
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

export function noSpeechModelError(settings: Settings, modelsDir: string): AppError {
  return new AppError(
    'model_not_found',
    `No speech model is installed yet (looked for ${settings.speech.model} in ${modelsDir}).`,
    {
      hint: {
        window:
          'Open the Dictation window, open the Models tab and download one (base.en is a good start), or import a ggml model file you already have.',
        cli: 'Download one with "dictation models download base.en", or give a model file with --model.',
      },
    },
  );
}

export function noVadModelError(vadModelPath: string): AppError {
  return new AppError(
    'model_not_found',
    `The voice activity model ${vadModelPath} is missing, so the microphone cannot be listened to.`,
    {
      hint: {
        window: `Install it in the Models tab (or put ggml-silero-v6.2.0.bin from huggingface.co/ggml-org/whisper-vad at that path, or set DICTATION_VAD_MODEL to one), then press the hotkey again.`,
        cli: 'Install it with "dictation models vad", or give one with --vad-model FILE.',
      },
    },
  );
}

export async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

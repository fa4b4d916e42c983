import { stat } from 'node:fs/promises';
import path from 'node:path';
import { appPaths } from '../services/app-paths.js';
import { resolveSpeechModel } from '../services/dictation/speech-model.js';
import { findCatalogEntry } from '../services/models/catalog.js';
import { ModelStore } from '../services/models/model-store.js';
import { AppError } from '../shared/errors.js';
import type { Settings } from '../shared/settings.js';

/** What `dictation models download` suggests first: the catalog's good start. */
export const FIRST_MODEL = 'base.en';

/**
 * The speech model file for `--model VALUE`: an existing file, a catalog name (base.en) or an
 * installed model's name, looked up in the models folder; without a value, the active model, chosen
 * as the window chooses it (the speech model setting, then "dictation models use"). A name that is
 * not installed, or no model at all, is an error naming the command that fixes it.
 */
export async function resolveModelChoice(
  value: string | undefined,
  settings: Settings,
  modelsDir: string = appPaths().modelsDir,
): Promise<string> {
  if (value === undefined) return activeModel(settings, modelsDir);
  const asPath = path.resolve(value);
  if (await isFile(asPath)) return asPath;
  if (!looksLikeName(value)) return asPath; // the engine says what is wrong with the path
  for (const file of candidateFiles(value)) {
    const installed = path.join(modelsDir, file);
    if (await isFile(installed)) return installed;
  }
  const entry = findCatalogEntry(value);
  throw new AppError('model_not_found', `The model "${value}" is not installed (in ${modelsDir}).`, {
    hint: entry
      ? `Download it with "dictation models download ${entry.name}".`
      : '"dictation models list" shows the installed models and the ones that can be downloaded; a file needs its path.',
  });
}

async function activeModel(settings: Settings, modelsDir: string): Promise<string> {
  const store = new ModelStore(modelsDir, []);
  const chosen = await resolveSpeechModel(settings, modelsDir, () => store.getActive());
  if (chosen) return chosen;
  const installed = await store.list().catch(() => []);
  if (installed.length === 0) {
    throw new AppError('model_not_found', `No speech model is installed yet (in ${modelsDir}).`, {
      hint: `Download one with "dictation models download ${FIRST_MODEL}", or give a model file with --model.`,
    });
  }
  const names = installed.map((m) => m.name);
  throw new AppError('model_not_found', `No speech model is chosen (installed: ${names.join(', ')}).`, {
    hint: `Choose one with "dictation models use ${names[0] ?? FIRST_MODEL}", or pass --model NAME.`,
  });
}

/** "base.en", "my-model" or "ggml-base.en.bin": no folder, so a name in the models folder. */
function looksLikeName(value: string): boolean {
  return !value.includes('/') && !value.includes('\\');
}

function candidateFiles(name: string): string[] {
  const entry = findCatalogEntry(name);
  const files = entry ? [entry.file] : [];
  if (name.endsWith('.bin')) files.push(name);
  else files.push(`ggml-${name}.bin`, `${name}.bin`);
  return [...new Set(files)];
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

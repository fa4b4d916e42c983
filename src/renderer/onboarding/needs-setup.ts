import type { Settings } from '../../shared/settings.js';
import type { ModelsState } from '../models/models-state.js';

/**
 * What is missing before a first dictation can work; empty when nothing is (or it is not known yet).
 * A speech model chosen by absolute path (outside the models folder) counts as there: whoever set it
 * is past the first run, and Start explains it if the file has gone.
 */
export function missingForDictation(
  state: Pick<ModelsState, 'loaded' | 'installed' | 'vad'>,
  settings: Settings | null,
): string[] {
  const missing: string[] = [];
  const ownPath = settings !== null && isAbsolutePath(settings.speech.model);
  if (state.loaded && state.installed.length === 0 && !ownPath) missing.push('a speech model');
  if (state.vad && state.vad.state !== 'installed') missing.push('the voice activity model');
  return missing;
}

function isAbsolutePath(file: string): boolean {
  return file.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

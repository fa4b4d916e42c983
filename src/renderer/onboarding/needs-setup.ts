import type { ModelsState } from '../models/models-state.js';

/** What is missing before a first dictation can work; empty when nothing is (or not known yet). */
export function missingForDictation(state: Pick<ModelsState, 'loaded' | 'installed' | 'vad'>): string[] {
  const missing: string[] = [];
  if (state.loaded && state.installed.length === 0) missing.push('a speech model');
  if (state.vad && state.vad.state !== 'installed') missing.push('the voice activity model');
  return missing;
}

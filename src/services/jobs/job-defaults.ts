import { statSync } from 'node:fs';
import type { JobOptions } from '../../shared/jobs.js';
import { settingsPrompt } from '../../shared/recognition-prompt.js';
import type { Settings } from '../../shared/settings.js';

/** A new job's options from the settings: the speech model, language, translate, prompt and the VAD. */
export function jobDefaults(
  settings: Settings,
  modelPath: string | null,
  vadModelPath: string,
): Partial<JobOptions> {
  const { speech } = settings;
  return {
    ...(modelPath ? { modelPath } : {}),
    language: speech.language,
    translate: speech.translate,
    prompt: settingsPrompt(settings),
    ...(isFile(vadModelPath) ? { vadModelPath } : {}),
  };
}

/** Jobs run without VAD trimming rather than fail when the VAD model is missing. */
function isFile(file: string): boolean {
  // Synchronous because the queue asks for its defaults synchronously; one stat when a job is added.
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

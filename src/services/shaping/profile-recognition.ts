import type { UtteranceRecognition } from '../../shared/engine-protocol.js';
import { recognitionPrompt, settingsPrompt } from '../../shared/recognition-prompt.js';
import type { Settings } from '../../shared/settings.js';
import type { ResolvedProfile } from '../../shared/text-shaping/index.js';

/**
 * What a matched profile changes in recognition: its language, and its words to expect added to the
 * prompt (the words are also matched after recognition, for models that take no prompt). Null when
 * it changes nothing, so the engine keeps the settings' own.
 */
export function profileRecognition(
  settings: Settings,
  resolved: ResolvedProfile,
): UtteranceRecognition | null {
  if (!resolved.profile) return null;
  const recognition: UtteranceRecognition = {};
  const language = resolved.language;
  if (language !== null && language !== settings.speech.language) recognition.language = language;
  const prompt = recognitionPrompt(resolved.rules.words, settings.speech.initialPrompt);
  if (prompt !== settingsPrompt(settings)) {
    recognition.initialPrompt = prompt;
  }
  return Object.keys(recognition).length > 0 ? recognition : null;
}

import type { Settings } from './settings.js';
import { ListedWord } from './text-shaping/rules-schema.js';

/** Whisper reads at most about 224 tokens of prompt; a few hundred characters is plenty. */
const MAX_PROMPT_CHARS = 1000;

/**
 * What whisper is told to expect: the listed words, then the user's own prompt text. The words are
 * also matched after recognition (the only path for models that take no prompt).
 */
export function recognitionPrompt(words: readonly string[], initialPrompt: string): string {
  const parts = [words.join(', '), initialPrompt.trim()].filter(Boolean);
  return parts.join('. ').slice(0, MAX_PROMPT_CHARS);
}

/** What whisper is told to expect by the settings alone (no app's profile). */
export function settingsPrompt(settings: Settings): string {
  return recognitionPrompt(settings.text.words, settings.speech.initialPrompt);
}

/**
 * The words of a prompt that is a list of names and terms ("Kubernetes, Grafana, Priya"), or null
 * when it is something else (a sentence, an empty box) and should stay a prompt.
 */
export function wordsFromPrompt(prompt: string): string[] | null {
  const parts = prompt
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const words: string[] = [];
  for (const part of parts) {
    const parsed = ListedWord.safeParse(part);
    if (!parsed.success || /[.!?]$/.test(part)) return null;
    if (!words.some((word) => word.toLowerCase() === parsed.data.toLowerCase())) words.push(parsed.data);
  }
  return words;
}

import { z } from 'zod';

/**
 * The speech model families the engine runs (both through whisper.cpp 1.9.1's sources), and what
 * each can do, so the app and the CLI can say what a model cannot do instead of silently ignoring it.
 */

export const SpeechModelFamily = z.enum(['whisper', 'parakeet']);
export type SpeechModelFamily = z.infer<typeof SpeechModelFamily>;

/** whisper.cpp's language table (src/whisper.cpp g_lang) in token order; large-v3 adds "yue". */
export const WHISPER_LANGUAGES = (
  'en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr ' +
  'bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn ' +
  'yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su yue'
).split(' ');

/** NVIDIA's model card for Parakeet TDT 0.6B v3: 25 European languages, detected by the model. */
export const PARAKEET_V3_LANGUAGES =
  'bg hr cs da nl en et fi fr de el hu it lv lt mt pl pt ro sk sl es sv ru uk'.split(' ');

export const SpeechCapabilities = z.object({
  family: SpeechModelFamily,
  /** Language codes the model transcribes. */
  languages: z.array(z.string()),
  /** Whisper can be told the language or detect it; Parakeet always detects it itself. */
  languageSelectable: z.boolean(),
  /** An initial prompt (names, terms, spellings) steers the decoder: Whisper only. */
  takesPrompt: z.boolean(),
  /** Speech in another language can be translated into English: multilingual Whisper only. */
  translates: z.boolean(),
});
export type SpeechCapabilities = z.infer<typeof SpeechCapabilities>;

export function whisperCapabilities(multilingual: boolean, vocabularySize: number): SpeechCapabilities {
  const count = vocabularySize >= 51866 ? 100 : 99;
  return {
    family: 'whisper',
    languages: multilingual ? WHISPER_LANGUAGES.slice(0, count) : ['en'],
    languageSelectable: multilingual,
    takesPrompt: true,
    translates: multilingual,
  };
}

export function parakeetCapabilities(multilingual: boolean): SpeechCapabilities {
  return {
    family: 'parakeet',
    languages: multilingual ? PARAKEET_V3_LANGUAGES : ['en'],
    languageSelectable: false,
    takesPrompt: false,
    translates: false,
  };
}

/** What a request asks that the model cannot do, one sentence each (empty when it can do it all). */
export function unsupportedRequests(
  capabilities: SpeechCapabilities,
  request: { translate: boolean; initialPrompt: string; language: string; vadModelPath?: string | undefined },
): string[] {
  const name = capabilities.family === 'parakeet' ? 'Parakeet' : 'This Whisper model';
  const notes: string[] = [];
  if (request.translate && !capabilities.translates) {
    notes.push(`${name} cannot translate: the speech is transcribed in its own language.`);
  }
  if (request.initialPrompt.trim() && !capabilities.takesPrompt) {
    notes.push(
      `${name} takes no initial prompt: the prompt is not used (vocabulary replacements still apply).`,
    );
  }
  if (request.vadModelPath && capabilities.family === 'parakeet') {
    notes.push(
      `${name} does not use the VAD model: the audio is transcribed whole (a transducer emits nothing for silence).`,
    );
  }
  // Parakeet detects the language itself; it can only be told that it does not know the one asked for.
  if (capabilities.family === 'parakeet' && request.language !== 'auto') {
    if (!capabilities.languages.includes(request.language)) {
      notes.push(`${name} does not know the language "${request.language}"; it transcribes what it detects.`);
    }
  }
  return notes;
}

export const SPEECH_FAMILY_LABEL: Record<SpeechModelFamily, string> = {
  whisper: 'Whisper',
  parakeet: 'Parakeet',
};

/** What a model can do, in short phrases for lists and pickers: languages, prompt, translation. */
export function describeCapabilities(capabilities: SpeechCapabilities): string[] {
  const { languages } = capabilities;
  const englishOnly = languages.length === 1 && languages[0] === 'en';
  return [
    englishOnly
      ? 'English only'
      : `${languages.length} languages${capabilities.languageSelectable ? '' : ', detected by the model'}`,
    capabilities.takesPrompt ? 'takes a prompt' : 'no prompt',
    capabilities.translates ? 'translates into English' : 'no translation',
  ];
}

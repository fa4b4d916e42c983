import { formatBytes } from '../../shared/format-bytes.js';
import type { InstalledModel } from '../../shared/models.js';
import type { SpeechModelStatus } from '../../shared/speech-model-status.js';
import {
  describeCapabilities,
  SPEECH_FAMILY_LABEL,
  type SpeechCapabilities,
} from '../../shared/speech-models.js';

/** One entry of the model picker: what the file is, read from its header. */
export interface ModelOption {
  value: string;
  name: string;
  /** "Parakeet tdt-0.6b-v3 · 669 MB · 25 languages, detected by the model · no prompt · no translation" */
  facts: string;
  damaged: boolean;
  missing: boolean;
}

/** A message under the picker: what is wrong with the chosen model, and what to do. */
export interface PickerNotice {
  severity: 'success' | 'info' | 'warning' | 'error';
  message: string;
  hint?: string;
}

/** Ends a message with a full stop unless it ends in punctuation already. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Whether an installed model is the one the setting names (a file name in the models folder, or a path). */
export function isChosen(model: InstalledModel, chosen: string): boolean {
  return model.file === chosen || model.path === chosen;
}

export function modelFacts(model: InstalledModel): string {
  const family = model.family
    ? SPEECH_FAMILY_LABEL[model.family] + (model.type ? ` ${model.type}` : '')
    : null;
  return [
    ...(family ? [family] : []),
    formatBytes(model.sizeBytes),
    ...(model.capabilities ? describeCapabilities(model.capabilities) : []),
  ].join(' · ');
}

/** The installed models as picker entries; the chosen one is listed even when it is not installed. */
export function modelOptions(installed: readonly InstalledModel[], chosen: string): ModelOption[] {
  const options: ModelOption[] = [...installed]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((model) => ({
      value: isChosen(model, chosen) ? chosen : model.file,
      name: model.name,
      facts: model.damaged ? `damaged: ${model.damaged}` : modelFacts(model),
      damaged: model.damaged !== undefined,
      missing: false,
    }));
  if (chosen && !installed.some((model) => isChosen(model, chosen))) {
    options.unshift({
      value: chosen,
      name: baseName(chosen),
      facts: 'not installed',
      damaged: false,
      missing: true,
    });
  }
  return options;
}

/** What the chosen model can do, from its header (null while unknown). */
export function chosenCapabilities(
  installed: readonly InstalledModel[],
  chosen: string,
): SpeechCapabilities | null {
  return installed.find((model) => isChosen(model, chosen))?.capabilities ?? null;
}

/**
 * The line under the picker: the chosen model missing, damaged or failing to load (with what to do),
 * or in use. `status` is the engine's side (null while unknown); `saved` is the model setting the app
 * runs with, which the draft may not have reached yet.
 */
export function pickerNotice(
  installed: readonly InstalledModel[],
  chosen: string,
  saved: string,
  status: SpeechModelStatus | null,
): PickerNotice | null {
  const model = installed.find((m) => isChosen(m, chosen));
  const loaded = status?.loaded ?? null;
  const loadedName = loaded ? baseName(loaded.path) : null;
  const meanwhile =
    loaded && (!model || loaded.path !== model.path) ? ` Dictation uses ${loadedName} meanwhile.` : '';
  if (!model) {
    return {
      severity: 'warning',
      message: `${baseName(chosen)} is not in the models folder.${meanwhile}`,
      hint:
        installed.length > 0
          ? 'Choose an installed model here, or download this one in the Models view.'
          : 'Download a model in the Models view (the recommended one is marked), or import a model file there.',
    };
  }
  if (model.damaged) {
    return {
      severity: 'error',
      message: `${model.name} is damaged: ${model.damaged}.${meanwhile}`,
      hint: 'Download it again in the Models view, or choose another model.',
    };
  }
  // The engine follows once the settings are saved; without its status there is nothing more to say.
  if (chosen !== saved || status === null) return null;
  // A load failure of another file is the previous choice's: this one is still on its way.
  const aboutThis = status.problemPath === null || status.problemPath === model.path;
  if (status.problem && aboutThis && status.problem.kind !== 'unavailable') {
    return {
      severity: 'error',
      message: `${model.name} could not be loaded: ${sentence(status.problem.message)}${meanwhile}`,
      hint: status.problem.hint ?? 'Choose another model, or download this one again in the Models view.',
    };
  }
  if (loaded && loaded.path === model.path) {
    return { severity: 'success', message: `${model.name} is loaded and used for dictation.` };
  }
  return status.problem && aboutThis
    ? {
        severity: 'info',
        message: status.problem.message,
        ...(status.problem.hint ? { hint: status.problem.hint } : {}),
      }
    : { severity: 'info', message: `${model.name} is being loaded.` };
}

/** What the translate switch and the prompt field say about the chosen model (undefined: nothing). */
export function capabilityHelp(capabilities: SpeechCapabilities | null): {
  language?: string;
  translate?: string;
  prompt?: string;
} {
  if (!capabilities) return {};
  const name = SPEECH_FAMILY_LABEL[capabilities.family];
  return {
    ...(capabilities.languageSelectable
      ? {}
      : {
          language:
            capabilities.family === 'parakeet'
              ? `${name} detects the language itself (${capabilities.languages.length > 1 ? `one of its ${capabilities.languages.length}` : 'this one knows English only'}); a language chosen here is not used with it.`
              : 'This Whisper model knows English only.',
        }),
    ...(capabilities.translates
      ? {}
      : {
          translate:
            capabilities.family === 'parakeet'
              ? `${name} cannot translate: speech is transcribed in its own language. This applies again with a multilingual Whisper model.`
              : 'This English-only Whisper model cannot translate; a multilingual one can.',
        }),
    ...(capabilities.takesPrompt
      ? {}
      : {
          prompt: `${name} takes no initial prompt: this text is not used with it (the words to expect and replacements in Text rules still apply).`,
        }),
  };
}

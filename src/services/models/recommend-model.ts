import os from 'node:os';
import type { MachineProfile } from '../../shared/models.js';
import { PARAKEET_V3_LANGUAGES } from '../../shared/speech-models.js';

export interface Recommendation {
  /** A catalog name. */
  name: string;
  /** Why this model for this machine, in a sentence that names its cores and memory. */
  reason: string;
}

/** The machine this process runs on. */
export function currentMachine(): MachineProfile {
  const locale = Intl.DateTimeFormat().resolvedOptions().locale;
  return {
    cpuCores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    platform: process.platform,
    arch: process.arch,
    language: locale.split('-')[0] ?? 'en',
  };
}

const GiB = 1024 ** 3;

/**
 * A default that keeps live dictation responsive on the CPU. whisper.cpp's encoder cost grows steeply
 * with model size, so Whisper small needs about 8 cores to stay well under a second per utterance.
 * Parakeet TDT 0.6B v3 costs more CPU than Whisper small (npm run bench:engine) and about 1 GB of
 * memory at 8 bits, but makes about half Whisper base's errors and punctuates by itself: it is the
 * choice where there are 8 cores and 8 GB for it and the user's language is one of its 25. Apple
 * silicon runs Whisper large-v3-turbo on its GPU, which covers every language.
 */
export function recommendModel(machine: MachineProfile): Recommendation {
  const language = (machine.language ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const english = language === 'en';
  const pick = (multilingual: string, englishOnly: string) => (english ? englishOnly : multilingual);
  const memory = machine.totalMemoryBytes;
  const cores = machine.cpuCores;
  const facts = `${cores} ${cores === 1 ? 'core' : 'cores'} and ${(memory / GiB).toFixed(0)} GB of memory`;
  if (machine.platform === 'darwin' && machine.arch === 'arm64' && memory >= 8 * GiB) {
    return {
      name: 'large-v3-turbo-q5_0',
      reason: `Apple silicon with ${facts} runs it on the GPU: near large-v3 accuracy, quick, every language`,
    };
  }
  if (cores >= 8 && memory >= 8 * GiB) {
    if (PARAKEET_V3_LANGUAGES.includes(language)) {
      return {
        name: 'parakeet-tdt-0.6b-v3-q8_0',
        reason:
          `${facts} carry Parakeet: about half Whisper base's errors, punctuation built in, ` +
          `and ${english ? 'English' : 'your language'} among its 25`,
      };
    }
    return {
      name: 'small-q5_1',
      reason: `${facts} keep Whisper small quick; Parakeet does not know your language`,
    };
  }
  if (cores >= 4 && memory >= 4 * GiB) {
    return {
      name: pick('base', 'base.en'),
      reason:
        `${facts}: Parakeet and Whisper small want 8 cores and 8 GB for live dictation; ` +
        'Whisper base answers fast with fair accuracy',
    };
  }
  if (memory >= 2 * GiB) {
    return {
      name: pick('base-q5_1', 'base.en-q5_1'),
      reason:
        `${facts}: ${cores < 4 ? 'too few cores' : 'too little memory'} for the full Whisper base; ` +
        'its 5-bit version is quicker and close to it',
    };
  }
  return { name: pick('tiny', 'tiny.en'), reason: `${facts}: Whisper tiny is the one light enough` };
}

import type { ListenConfigInput } from '../../shared/engine-protocol.js';
import { settingsPrompt } from '../../shared/recognition-prompt.js';
import type { Settings } from '../../shared/settings.js';
import { phraseFromModelFile } from '../../shared/wake-phrase.js';

/** The wake word is on and has a phrase to listen for. */
function wakeWordActive(settings: Settings): boolean {
  return settings.wakeWord.enabled && settings.wakeWord.phraseModel !== '';
}

/** The phrase the app listens for, or null when the wake word is off. */
export function wakePhrase(settings: Settings): string | null {
  return wakeWordActive(settings) ? phraseFromModelFile(settings.wakeWord.phraseModel) : null;
}

/** The microphone stays open between dictations for the pre-roll, and for the wake word to hear. */
export function microphoneWanted(settings: Settings): boolean {
  return settings.microphone.preRollArmed || wakeWordActive(settings);
}

/**
 * Models fine-tuned for a dynamic audio context (FUTO's ACFT Whisper models, e.g.
 * base_en_acft_q8_0.bin) run the encoder on a window sized to the audio; stock models keep 30 s.
 */
export function takesDynamicAudioContext(modelFile: string): boolean {
  return /(^|[^a-z])acft([^a-z]|$)/i.test(modelFile.split(/[\\/]/).at(-1) ?? '');
}

/** The engine listener's configuration for the user's settings. */
export function listenConfigFor(settings: Settings, vadModelPath: string): ListenConfigInput {
  const { speech, vad, microphone, wakeWord } = settings;
  const wake = wakeWordActive(settings)
    ? {
        wake: {
          models: [{ phrase: phraseFromModelFile(wakeWord.phraseModel), path: wakeWord.phraseModel }],
          threshold: wakeWord.threshold,
          refractoryMs: wakeWord.refractoryMs,
        },
      }
    : {};
  return {
    ...wake,
    vadModelPath,
    threshold: vad.threshold,
    silenceMs: vad.silenceMs,
    autoStop: vad.autoStop,
    preRollMs: microphone.preRollMs,
    partials: speech.livePartials,
    commitAsYouGo: speech.finishWhileSpeaking,
    commitPauseMs: speech.commitPauseMs,
    options: {
      language: speech.language,
      translate: speech.translate,
      initialPrompt: settingsPrompt(settings),
      ...(speech.threads > 0 ? { threads: speech.threads } : {}),
      ...(takesDynamicAudioContext(speech.model) ? { dynamicAudioContext: true } : {}),
    },
  };
}

/** Which parts of the running pipeline a settings change touches. */
export interface SettingsImpact {
  model: boolean;
  listener: boolean;
  microphone: boolean;
  arming: boolean;
  retention: boolean;
}

export function settingsImpact(next: Settings, previous: Settings): SettingsImpact {
  const changed = <T>(a: T, b: T) => JSON.stringify(a) !== JSON.stringify(b);
  return {
    model:
      next.speech.model !== previous.speech.model ||
      next.speech.useGpu !== previous.speech.useGpu ||
      next.speech.gpuDevice !== previous.speech.gpuDevice,
    listener:
      changed(listenConfigFor(next, ''), listenConfigFor(previous, '')) ||
      next.microphone.preRollMs !== previous.microphone.preRollMs,
    microphone: next.microphone.deviceId !== previous.microphone.deviceId,
    arming: microphoneWanted(next) !== microphoneWanted(previous),
    retention: next.app.historyRetentionDays !== previous.app.historyRetentionDays,
  };
}

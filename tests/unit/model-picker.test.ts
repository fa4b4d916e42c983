import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../src/services/models/catalog.js';
import type { InstalledModel } from '../../src/shared/models.js';
import type { SpeechModelStatus } from '../../src/shared/speech-model-status.js';
import { parakeetCapabilities, whisperCapabilities } from '../../src/shared/speech-models.js';
import {
  capabilityHelp,
  chosenCapabilities,
  modelOptions,
  pickerNotice,
} from '../../src/renderer/settings/model-picker.js';
import { onboardingChoices } from '../../src/renderer/onboarding/onboarding-choices.js';

const dir = '/data/models';
const whisper: InstalledModel = {
  name: 'base.en',
  file: 'ggml-base.en.bin',
  path: `${dir}/ggml-base.en.bin`,
  sizeBytes: 147_964_211,
  active: false,
  family: 'whisper',
  type: 'base',
  multilingual: false,
  capabilities: whisperCapabilities(false, 51864),
};
const parakeet: InstalledModel = {
  name: 'parakeet-tdt-0.6b-v3-q8_0',
  file: 'ggml-parakeet-tdt-0.6b-v3-q8_0.bin',
  path: `${dir}/ggml-parakeet-tdt-0.6b-v3-q8_0.bin`,
  sizeBytes: 668_757_119,
  active: true,
  family: 'parakeet',
  type: 'tdt-0.6b-v3',
  multilingual: true,
  capabilities: parakeetCapabilities(true),
};
const loadedStatus = (model: InstalledModel): SpeechModelStatus => ({
  loaded: { path: model.path, type: model.type!, capabilities: model.capabilities! },
  problem: null,
  problemPath: null,
});

describe('the model picker', () => {
  it('lists each installed model with its family, size, languages, prompt and translation', () => {
    const options = modelOptions([whisper, parakeet], whisper.file);
    expect(options.map((o) => [o.value, o.name, o.facts])).toEqual([
      [
        'ggml-base.en.bin',
        'base.en',
        'Whisper base · 148 MB · English only · takes a prompt · no translation',
      ],
      [
        'ggml-parakeet-tdt-0.6b-v3-q8_0.bin',
        'parakeet-tdt-0.6b-v3-q8_0',
        'Parakeet tdt-0.6b-v3 · 669 MB · 25 languages, detected by the model · no prompt · no translation',
      ],
    ]);
    // A setting that names a path picks that installed model under the same value.
    expect(modelOptions([whisper], whisper.path)[0]?.value).toBe(whisper.path);
  });

  it('keeps a chosen model that is not installed in the list, marked, with what to do', () => {
    const options = modelOptions([whisper], 'ggml-small.en.bin');
    expect(options[0]).toMatchObject({ value: 'ggml-small.en.bin', missing: true, facts: 'not installed' });
    expect(pickerNotice([whisper], 'ggml-small.en.bin', 'ggml-small.en.bin', loadedStatus(whisper))).toEqual({
      severity: 'warning',
      message: 'ggml-small.en.bin is not in the models folder. Dictation uses ggml-base.en.bin meanwhile.',
      hint: 'Choose an installed model here, or download this one in the Models view.',
    });
    expect(pickerNotice([], 'ggml-base.en.bin', 'ggml-base.en.bin', null)?.hint).toMatch(
      /^Download a model in the Models view/,
    );
  });

  it('says a damaged model is damaged and a model that failed to load failed, with the reason', () => {
    const damaged = { ...whisper, damaged: 'it has 10 bytes, base.en has 147964211' };
    expect(modelOptions([damaged], damaged.file)[0]).toMatchObject({ damaged: true });
    expect(pickerNotice([damaged], damaged.file, damaged.file, null)).toMatchObject({
      severity: 'error',
      message: 'base.en is damaged: it has 10 bytes, base.en has 147964211.',
    });
    const failed: SpeechModelStatus = {
      loaded: null,
      problem: {
        kind: 'model_invalid',
        message: 'x.bin is a truncated Parakeet model',
        hint: 'Download it again.',
      },
      problemPath: parakeet.path,
    };
    expect(pickerNotice([parakeet], parakeet.file, parakeet.file, failed)).toEqual({
      severity: 'error',
      message: 'parakeet-tdt-0.6b-v3-q8_0 could not be loaded: x.bin is a truncated Parakeet model.',
      hint: 'Download it again.',
    });
    // Not yet saved: the engine has not been asked to load it, so its old problem is not this one's.
    expect(pickerNotice([whisper, parakeet], parakeet.file, whisper.file, failed)).toBeNull();
    // Saved, but the failure reported is the previous choice's: this one is still being loaded.
    expect(pickerNotice([whisper, parakeet], whisper.file, whisper.file, failed)).toEqual({
      severity: 'info',
      message: 'base.en is being loaded.',
    });
  });

  it('says which model is in use once the engine has loaded it', () => {
    expect(pickerNotice([parakeet], parakeet.file, parakeet.file, loadedStatus(parakeet))).toEqual({
      severity: 'success',
      message: 'parakeet-tdt-0.6b-v3-q8_0 is loaded and used for dictation.',
    });
    const nothing = { loaded: null, problem: null, problemPath: null };
    expect(pickerNotice([parakeet], parakeet.file, parakeet.file, nothing)).toEqual({
      severity: 'info',
      message: 'parakeet-tdt-0.6b-v3-q8_0 is being loaded.',
    });
  });

  it("says what the chosen model cannot do where it is asked for: Parakeet's translation, prompt, language", () => {
    const forParakeet = capabilityHelp(chosenCapabilities([whisper, parakeet], parakeet.file));
    expect(forParakeet.translate).toMatch(/^Parakeet cannot translate/);
    expect(forParakeet.prompt).toMatch(/^Parakeet takes no initial prompt/);
    expect(forParakeet.language).toMatch(/^Parakeet detects the language itself \(one of its 25\)/);
    const forEnglishWhisper = capabilityHelp(chosenCapabilities([whisper, parakeet], whisper.file));
    expect(forEnglishWhisper.prompt).toBeUndefined();
    expect(forEnglishWhisper.translate).toMatch(/English-only/);
    expect(capabilityHelp(whisperCapabilities(true, 51865))).toEqual({});
    expect(capabilityHelp(null)).toEqual({});
  });
});

describe('the first-run model choice', () => {
  it('puts the recommended model first, then Whisper of its kind, then Parakeet 8-bit', () => {
    const names = (recommended: string) => onboardingChoices(MODEL_CATALOG, recommended).map((e) => e.name);
    expect(names('base.en')).toEqual([
      'base.en',
      'tiny.en',
      'small.en',
      'medium.en',
      'parakeet-tdt-0.6b-v3-q8_0',
    ]);
    expect(names('parakeet-tdt-0.6b-v3-q8_0')).toEqual([
      'parakeet-tdt-0.6b-v3-q8_0',
      'tiny',
      'base',
      'small',
      'medium',
      'large-v3-turbo',
    ]);
  });
});

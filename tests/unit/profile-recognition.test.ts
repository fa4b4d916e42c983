import { describe, expect, it } from 'vitest';
import { profileRecognition } from '../../src/services/shaping/profile-recognition.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import { resolveProfile, type Profile } from '../../src/shared/text-shaping/index.js';

function settings(profiles: Profile[], change: (s: Settings) => void = () => undefined): Settings {
  const copy = structuredClone(DEFAULT_SETTINGS) as Settings;
  copy.text.profiles = profiles;
  change(copy);
  return copy;
}

function recognitionIn(s: Settings, app: string | null) {
  return profileRecognition(s, resolveProfile(s.text, app));
}

describe("a profile's recognition (what whisper is told for that app)", () => {
  it('is nothing without a matching profile, or for a profile that changes neither language nor words', () => {
    const s = settings([{ app: 'xterm', paste: 'shift+insert', after: 'enter' }]);
    expect(recognitionIn(s, 'slack')).toBeNull();
    expect(recognitionIn(s, null)).toBeNull();
    expect(recognitionIn(s, 'xterm')).toBeNull();
  });

  it("gives the profile's language where it differs from the speech setting", () => {
    const s = settings(
      [
        { app: 'thunderbird', language: 'de' },
        { app: 'slack', language: 'en' },
      ],
      (c) => {
        c.speech.language = 'en';
      },
    );
    expect(recognitionIn(s, 'thunderbird')).toEqual({ language: 'de' });
    expect(recognitionIn(s, 'slack')).toBeNull();
    // "auto" in a profile lets whisper detect the language for that app even when the setting names one.
    const auto = settings([{ app: 'firefox', language: 'auto' }], (c) => (c.speech.language = 'fr'));
    expect(recognitionIn(auto, 'firefox')).toEqual({ language: 'auto' });
  });

  it("puts the profile's words after the user's own in the prompt, with the user's prompt text", () => {
    const s = settings([{ app: 'code', words: ['Kubernetes', 'kubectl', 'priya'] }], (c) => {
      c.text.words = ['Priya', 'Grafana'];
      c.speech.initialPrompt = 'Meeting notes.';
    });
    // "priya" is already listed (in any case): it is not repeated.
    expect(recognitionIn(s, 'Code.exe')).toEqual({
      initialPrompt: 'Priya, Grafana, Kubernetes, kubectl. Meeting notes.',
    });
  });

  it('gives both together, and a words-only profile keeps the language setting', () => {
    const s = settings([
      { app: 'libreoffice', language: 'fr', words: ['Lyon'] },
      { app: 'gedit', words: ['Lyon'] },
    ]);
    expect(recognitionIn(s, 'libreoffice')).toEqual({ language: 'fr', initialPrompt: 'Lyon' });
    expect(recognitionIn(s, 'gedit')).toEqual({ initialPrompt: 'Lyon' });
  });
});

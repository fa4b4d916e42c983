import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/shared/text-shaping/parse-rules.js';
import { resolveProfile } from '../../src/shared/text-shaping/resolve-profile.js';
import { shapeText } from '../../src/shared/text-shaping/shape-text.js';

const { rules, problems } = parseRules({
  words: ['Kubernetes'],
  commands: true,
  fillers: true,
  profiles: [
    { app: 'xterm', paste: 'shift+insert', after: 'enter', rules: false, trailingSpace: false },
    { app: 'chromium', paste: 'ctrl+v', after: 'ctrl+enter', words: ['Grafana'], fillers: false },
    { app: 'code', paste: 'type', language: 'fr' },
    { app: 'com.apple.Terminal', paste: 'copy-only' },
    { app: '*term*', paste: 'ctrl+shift+v' },
  ],
});

describe('the profile for the focused application (VoiceInk modes, OpenWhispr #948)', () => {
  it('reads a valid set of profiles', () => {
    expect(problems).toEqual([]);
  });

  it('matches either part of an X11 WM_CLASS, in any case', () => {
    const resolved = resolveProfile(rules, ['xterm', 'XTerm']);
    expect(resolved).toMatchObject({ index: 0, paste: 'shift+insert', after: 'enter', trailingSpace: false });
    expect(resolveProfile(rules, ['Navigator', 'Chromium'])).toMatchObject({ index: 1, after: 'ctrl+enter' });
  });

  it('matches a Windows process name with or without .exe, and a macOS bundle id', () => {
    expect(resolveProfile(rules, 'Code.exe')).toMatchObject({ index: 2, paste: 'type', language: 'fr' });
    expect(resolveProfile(rules, 'com.apple.terminal')).toMatchObject({ index: 3, paste: 'copy-only' });
  });

  it('prefers an exact name to a "*" pattern, and uses the pattern otherwise', () => {
    expect(resolveProfile(rules, ['xterm']).index).toBe(0);
    expect(resolveProfile(rules, ['gnome-terminal-server', 'Gnome-terminal'])).toMatchObject({
      index: 4,
      paste: 'ctrl+shift+v',
    });
  });

  it('gives the defaults for an app without a profile, and where the app cannot be known (Wayland)', () => {
    for (const app of [['gedit', 'Gedit'], null, [], '']) {
      const resolved = resolveProfile(rules, app);
      expect(resolved).toEqual({
        profile: null,
        index: null,
        paste: null,
        after: 'none',
        language: null,
        trailingSpace: null,
        rules,
      });
    }
  });
});

describe("a profile's rules", () => {
  it('adds its words to the list', () => {
    expect(resolveProfile(rules, 'chromium').rules.words).toEqual(['Kubernetes', 'Grafana']);
    expect(shapeText('the graph ana board', resolveProfile(rules, 'chromium').rules).text).toBe(
      'the Grafana board',
    );
    expect(shapeText('the graph ana board', rules).text).toBe('the graph ana board');
  });

  it('turns single steps off', () => {
    const chromium = resolveProfile(rules, 'chromium').rules;
    expect(chromium).toMatchObject({ fillers: false, commands: true });
    expect(shapeText('Um, hello comma world', chromium).text).toBe('Um, hello, world');
  });

  it('turns every rule off but keeps spacing with "rules": false', () => {
    const terminal = resolveProfile(rules, 'xterm').rules;
    expect(terminal).toMatchObject({
      commands: false,
      fillers: false,
      vocabulary: false,
      replace: false,
      spacing: true,
    });
    expect(shapeText(' git status comma um ', terminal, { previous: '$ ' }).text).toBe('git status comma um');
  });

  it("sets the language of the tables from the profile's language", () => {
    expect(
      shapeText('Bonjour à la ligne merci', resolveProfile(rules, 'code').rules, { language: 'en' }).text,
    ).toBe('Bonjour\nMerci');
  });
});

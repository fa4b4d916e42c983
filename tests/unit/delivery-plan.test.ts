import { describe, expect, it } from 'vitest';
import { planDelivery, type PlanInput } from '../../src/services/shaping/delivery-plan.js';
import { FieldMemory, SAME_FIELD_MS } from '../../src/services/shaping/field-memory.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import type { Profile } from '../../src/shared/text-shaping/index.js';

function settings(change: (s: Settings) => void = () => undefined): Settings {
  const copy = structuredClone(DEFAULT_SETTINGS) as Settings;
  change(copy);
  return copy;
}

const XTERM = { names: ['xterm', 'XTerm'], windowId: '4194318' };
const SLACK = { names: ['slack', 'Slack'], windowId: '60817410' };

function plan(raw: string, input: Partial<PlanInput> = {}) {
  return planDelivery({ raw, settings: settings(), focus: null, previous: null, language: 'en', ...input });
}

describe('the delivery plan for one dictation', () => {
  it('without a profile: the settings method, spaces placed by the rules, only into the start window', () => {
    const { shaped, options, profile } = plan('Hello comma world period', { focus: SLACK });
    expect(profile.profile).toBeNull();
    expect(shaped.text).toBe('Hello, world. ');
    expect(options).toEqual({ mode: 'paste', after: 'none', expectWindow: SLACK.windowId, exact: true });
  });

  it('a profile chooses the paste keys and the key after', () => {
    const profiles: Profile[] = [
      { app: 'xterm', paste: 'shift+insert', after: 'enter' },
      { app: 'slack', paste: 'ctrl+v', after: 'ctrl+enter', trailingSpace: false },
    ];
    const withProfiles = settings((s) => (s.text.profiles = profiles));
    const toXterm = plan('ls', { settings: withProfiles, focus: XTERM });
    expect(toXterm.options).toMatchObject({ mode: 'paste', chord: 'shift+Insert', after: 'enter' });
    expect(toXterm.profile.index).toBe(0);
    const toSlack = plan('Ship it.', { settings: withProfiles, focus: SLACK });
    expect(toSlack.options).toMatchObject({ mode: 'paste', chord: 'ctrl+v', after: 'ctrl+enter' });
    expect(toSlack.shaped.text).toBe('Ship it.');
  });

  it('"type" and "copy only" profiles; copied text is not joined to a field it may never go into', () => {
    const typed = settings((s) => (s.text.profiles = [{ app: 'xterm', paste: 'type' }]));
    expect(plan('make', { settings: typed, focus: XTERM }).options?.mode).toBe('type');
    const copied = settings((s) => (s.text.profiles = [{ app: 'xterm', paste: 'copy-only' }]));
    const result = plan('and more', { settings: copied, focus: XTERM, previous: 'Some text' });
    expect(result.options?.mode).toBe('copy');
    expect(result.shaped.text).toBe('and more ');
    expect(result.options?.eraseBefore).toBeUndefined();
  });

  it('joins a dictation to the text before it, taking back a space before punctuation', () => {
    const result = plan('comma and then', { focus: SLACK, previous: 'Hello ' });
    expect(result.shaped.text).toBe(', and then ');
    expect(result.options).toMatchObject({ exact: true, eraseBefore: 1 });
  });

  it('with the start-window check off, the text goes wherever focus is', () => {
    const off = settings((s) => (s.delivery.onlyStartWindow = false));
    expect(plan('Hi.', { settings: off, focus: SLACK }).options?.expectWindow).toBeNull();
    // Where the app is unknown (Wayland) there is nothing to compare with.
    expect(plan('Hi.', { focus: null }).options?.expectWindow).toBeNull();
  });

  it('delivers nothing when only commands or fillers were said', () => {
    expect(plan('Scratch that.')).toMatchObject({ options: null, shaped: { emptyBecause: 'commands' } });
    expect(plan('Um, uh.')).toMatchObject({ options: null, shaped: { emptyBecause: 'fillers' } });
  });

  it('with spacing off, the delivery adds the trailing space as before', () => {
    const noSpacing = settings((s) => (s.text.spacing = false));
    const result = plan('Hello there', { settings: noSpacing });
    expect(result.shaped.text).toBe('Hello there');
    expect(result.options).toMatchObject({ trailingSpace: true });
    expect(result.options?.exact).toBeUndefined();
  });

  it('a profile with the rules off still delivers the words as recognised', () => {
    const raw = settings((s) => (s.text.profiles = [{ app: 'xterm', rules: false }]));
    expect(plan('git status comma please', { settings: raw, focus: XTERM }).shaped.text).toBe(
      'git status comma please ',
    );
  });
});

describe('what the app knows of the field', () => {
  it('within one dictation, and into the same window soon after; never across windows', () => {
    let now = 1_000_000;
    const fields = new FieldMemory(() => now);
    expect(fields.previous('w1', 's1')).toBeNull();
    fields.remember('w1', 's1', 'First piece.');
    fields.remember('w1', 's1', ' Second piece.');
    expect(fields.previous('w1', 's1')).toBe('First piece. Second piece.');
    expect(fields.previous('w2', 's2')).toBeNull();
    now += SAME_FIELD_MS - 1;
    expect(fields.previous('w1', 's2')).toBe('First piece. Second piece.');
    now += 2;
    expect(fields.previous('w1', 's2')).toBeNull();
    // Still known inside the dictation that wrote it, however long it runs.
    expect(fields.previous('w1', 's1')).toBe('First piece. Second piece.');
    fields.forget();
    expect(fields.previous('w1', 's1')).toBeNull();
  });
});

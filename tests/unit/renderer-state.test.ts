import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/renderer/store/apply-event.js';
import { initialState, type AppStoreState } from '../../src/renderer/store/app-store.js';
import { formatAccelerator } from '../../src/renderer/common/format-accelerator.js';
import { formatDuration, formatTimer, levelPercent } from '../../src/renderer/common/format.js';
import type { DictationStatus } from '../../src/shared/dictation.js';

const recording: DictationStatus = { phase: 'recording', sessionId: 's1', recordingSince: 1000, error: null };
const state = (patch: Partial<AppStoreState> = {}): AppStoreState => ({ ...initialState, ...patch });
const apply = (s: AppStoreState, event: Parameters<typeof applyEvent>[1]) => ({
  ...s,
  ...applyEvent(s, event).state,
});

describe("the window's state, event by event", () => {
  it('replaces live partial text with the final text, and keeps the last transcript when the result is empty', () => {
    let s = apply(state(), { type: 'state', timestamp: 1, status: recording });
    s = apply(s, { type: 'transcript', timestamp: 2, sessionId: 's1', text: 'ask not', isFinal: false });
    expect(s.partial).toEqual({ sessionId: 's1', text: 'ask not' });
    s = apply(s, { type: 'transcript', timestamp: 3, sessionId: 's1', text: 'ask not what', isFinal: false });
    expect(s.partial?.text).toBe('ask not what');
    s = apply(s, {
      type: 'transcript',
      timestamp: 4,
      sessionId: 's1',
      text: 'Ask not what your country',
      isFinal: true,
    });
    expect(s.partial).toBeNull();
    expect(s.lastTranscript?.text).toBe('Ask not what your country');
    s = apply(s, { type: 'transcript', timestamp: 5, sessionId: 's2', text: '  ', isFinal: true });
    expect(s.lastTranscript?.text).toBe('Ask not what your country');
  });

  it('shows the committed text with the live tail after it (commit as you go)', () => {
    let s = apply(state(), { type: 'state', timestamp: 1, status: recording });
    const committed = 'The weather was cold this morning.';
    s = apply(s, {
      type: 'transcript',
      timestamp: 2,
      sessionId: 's1',
      text: `${committed} We walked`,
      isFinal: false,
      committedText: committed,
    });
    expect(s.partial).toEqual({ sessionId: 's1', text: `${committed} We walked`, committedText: committed });
  });

  it('keeps the level only while recording and clears a stale partial when a new recording starts', () => {
    let s = apply(state(), { type: 'state', timestamp: 1, status: recording });
    s = apply(s, { type: 'level', timestamp: 2, rms: 0.2, peak: 0.5 });
    expect(s.level).toBe(0.2);
    s = apply(s, { type: 'transcript', timestamp: 3, sessionId: 's1', text: 'half', isFinal: false });
    s = apply(s, {
      type: 'state',
      timestamp: 4,
      status: { ...recording, phase: 'transcribing', recordingSince: null },
    });
    expect(s.level).toBe(0);
    s = apply(s, { type: 'level', timestamp: 5, rms: 0.3, peak: 0.5 });
    expect(s.level).toBe(0);
    s = apply(s, {
      type: 'state',
      timestamp: 6,
      status: { ...recording, sessionId: 's2', recordingSince: 9000 },
    });
    expect(s.partial).toBeNull();
  });

  it('turns a delivery notice and "no words" into notices, and history changes into a reload', () => {
    const delivered = applyEvent(state(), {
      type: 'delivered',
      timestamp: 1,
      sessionId: 's1',
      text: 'hello',
      method: 'copy',
      notice: 'Copied - press Ctrl+V',
      timings: { recordedMs: 1, speechMs: 1, transcribeMs: 1, deliverMs: 1, releaseToTextMs: 2 },
    });
    expect(delivered.state.lastTranscript).toMatchObject({ text: 'hello', notice: 'Copied - press Ctrl+V' });
    const after = { ...state(), ...delivered.state };
    const repeated = {
      type: 'notice',
      timestamp: 2,
      level: 'warning',
      message: 'Copied - press Ctrl+V',
    } as const;
    expect(applyEvent(after, repeated).notice).toBeUndefined();
    expect(applyEvent(state(), { type: 'no_speech', timestamp: 1, sessionId: 's1' }).notice?.level).toBe(
      'info',
    );
    expect(
      applyEvent(state({ historyVersion: 4 }), { type: 'history_changed', timestamp: 1, reason: 'added' })
        .state,
    ).toEqual({ historyVersion: 5 });
    expect(
      applyEvent(state(), { type: 'notice', timestamp: 1, level: 'error', message: 'm', hint: 'h' }).notice,
    ).toEqual({ level: 'error', message: 'm', hint: 'h' });
  });
});

describe('what the window prints', () => {
  it('formats the recording timer as mm:ss from 00:00', () => {
    expect(formatTimer(0)).toBe('00:00');
    expect(formatTimer(0.999)).toBe('00:00');
    expect(formatTimer(59)).toBe('00:59');
    expect(formatTimer(60)).toBe('01:00');
    expect(formatTimer(3725)).toBe('62:05');
    expect(formatTimer(-3)).toBe('00:00');
  });

  it('formats durations, levels and shortcuts', () => {
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(levelPercent(0)).toBe(0);
    expect(levelPercent(1)).toBe(100);
    expect(levelPercent(0.001)).toBe(0);
    expect(levelPercent(0.0316)).toBeCloseTo(50, 0);
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'Linux x86_64')).toBe('Ctrl+Shift+Space');
    expect(formatAccelerator('CommandOrControl+Alt+D', 'MacIntel')).toBe('Cmd+Option+D');
  });
});

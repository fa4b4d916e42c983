import { describe, expect, it } from 'vitest';
import { connectHotkeys, type HotkeyDictation } from '../../src/services/hotkeys/hotkey-commands.js';
import { HotkeyMachine, type HotkeyInput } from '../../src/services/hotkeys/hotkey-machine.js';
import { hotkeyMachineConfig } from '../../src/services/hotkeys/machine-config.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { IDLE_STATUS, type DictationEvent, type DictationStatus } from '../../src/shared/dictation.js';
import { AppError } from '../../src/shared/errors.js';
import { keyByName } from '../../src/shared/hotkeys/keys.js';

/**
 * The real hotkey state machine driving the real command wiring; the dictation is a recorder of what
 * it is asked to do that reports states the way DictationController does (the controller with a real
 * engine is exercised in tests/integration/app-runtime.test.ts).
 */
class RecordingDictation implements HotkeyDictation {
  calls: string[] = [];
  current: DictationStatus = IDLE_STATUS;
  private readonly listeners = new Set<(event: DictationEvent) => void>();
  status = () => this.current;
  subscribe(listener: (event: DictationEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(phase: DictationStatus['phase']): void {
    this.current = {
      phase,
      sessionId: phase === 'idle' ? null : 's',
      recordingSince: phase === 'recording' ? 1 : null,
      error: null,
    };
    for (const listener of this.listeners)
      listener({ type: 'state', timestamp: Date.now(), status: this.current });
  }
  start = (trigger: string) => {
    this.calls.push(`start:${trigger}`);
    this.set('recording');
    return Promise.resolve('s');
  };
  stop = () => {
    this.calls.push('stop');
    this.set('transcribing');
    return Promise.resolve();
  };
  cancel = () => {
    this.calls.push('cancel');
    this.set('idle');
    return Promise.resolve();
  };
}

type WithoutTime<T> = T extends unknown ? Omit<T, 'time'> : never;

function setup(readiness: AppError | null = null, recheck?: () => Promise<AppError | null>) {
  const dictation = new RecordingDictation();
  const machine = new HotkeyMachine(
    hotkeyMachineConfig({
      mode: 'both',
      toggle: 'CommandOrControl+Shift+Space',
      hold: 'RightCtrl',
      cancel: 'Escape',
    }),
  );
  const explained: AppError[] = [];
  const informed: string[] = [];
  const handle = {
    get state() {
      return machine.state;
    },
    sessionEnded: () => void machine.handle({ type: 'session_ended', time: 0 }),
  };
  const { onCommand } = connectHotkeys(handle, {
    dictation,
    readiness: () => readiness,
    ...(recheck ? { recheck } : {}),
    explain: (error) => explained.push(error),
    inform: (message) => informed.push(message),
    logger: silentLogger(),
  });
  let time = 1000;
  const feed = (input: WithoutTime<HotkeyInput>, advanceMs = 0) => {
    time += advanceMs;
    for (const command of machine.handle({ ...input, time } as HotkeyInput)) onCommand(command);
  };
  const rightCtrl = keyByName('RightCtrl')?.code ?? -1;
  const escape = keyByName('Escape')?.code ?? -1;
  return {
    dictation,
    machine,
    explained,
    informed,
    toggle: (advanceMs = 500) => feed({ type: 'toggle' }, advanceMs),
    holdDown: (advanceMs = 500) =>
      feed({ type: 'keydown', keycode: rightCtrl, modifiers: ['Ctrl'] }, advanceMs),
    holdUp: (advanceMs: number) => feed({ type: 'keyup', keycode: rightCtrl, modifiers: [] }, advanceMs),
    escape: () => feed({ type: 'keydown', keycode: escape, modifiers: [] }, 10),
  };
}

describe('hotkeys -> dictation', () => {
  it('hold to talk: press starts, release stops; Esc discards', () => {
    const t = setup();
    t.holdDown();
    expect(t.dictation.calls).toEqual(['start:hotkey']);
    t.holdUp(800);
    expect(t.dictation.calls).toEqual(['start:hotkey', 'stop']);
    t.dictation.set('idle');
    t.toggle();
    t.escape();
    expect(t.dictation.calls.slice(2)).toEqual(['start:hotkey', 'cancel']);
    expect(t.machine.state).toBe('idle');
  });

  it('explains what to do instead of recording when the pipeline is not ready (no model)', () => {
    const noModel = new AppError('model_not_found', 'No speech model is installed yet.', {
      hint: 'Open Settings > Models.',
    });
    const t = setup(noModel);
    t.toggle();
    expect(t.dictation.calls).toEqual([]);
    expect(t.explained).toEqual([noModel]);
    // The machine forgot the refused start: the next press is a start again, not a stop.
    expect(t.machine.state).toBe('idle');
    t.holdDown();
    expect(t.explained).toHaveLength(2);
    expect(t.dictation.calls).toEqual([]);
  });

  it('looks again before refusing: a model installed since the last check is used at once', async () => {
    const missing = new AppError('model_not_found', 'The voice activity model is missing.');
    let installed = false;
    const t = setup(missing, () => Promise.resolve(installed ? null : missing));
    t.toggle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.explained).toEqual([missing]);
    expect(t.dictation.calls).toEqual([]);
    installed = true;
    t.toggle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.dictation.calls).toEqual(['start:hotkey']);
    expect(t.explained).toHaveLength(1);
  });

  it('a recording that ends without the hotkey (auto-stop, the window) leaves the machine ready for the next press', () => {
    const t = setup();
    t.toggle();
    expect(t.machine.state).toBe('latched');
    // VAD auto-stop: the controller goes to transcribing on its own.
    t.dictation.set('transcribing');
    expect(t.machine.state).toBe('idle');
    t.dictation.set('idle');
    t.toggle();
    expect(t.dictation.calls).toEqual(['start:hotkey', 'start:hotkey']);
  });

  it('a press while the window is recording stops that recording; while transcribing it says so', () => {
    const t = setup();
    t.dictation.set('recording'); // started from the window
    t.toggle();
    expect(t.dictation.calls).toEqual(['stop']);
    t.toggle();
    expect(t.informed).toEqual(['Still transcribing the last dictation; press again when it is done.']);
    expect(t.dictation.calls).toEqual(['stop']);
    expect(t.machine.state).toBe('idle');
  });
});

import { describe, expect, it } from 'vitest';
import { HotkeyMachine } from '../../src/services/hotkeys/hotkey-machine.js';
import { eventTimeMapper } from '../../src/services/hotkeys/hotkey-listener.js';
import { hotkeyMachineConfig } from '../../src/services/hotkeys/machine-config.js';
import type { HotkeyBindings } from '../../src/shared/hotkeys/bindings.js';
import { keyByName, type Modifier } from '../../src/shared/hotkeys/keys.js';

const defaults: HotkeyBindings = {
  mode: 'both',
  toggle: 'CommandOrControl+Shift+Space',
  hold: 'RightCtrl',
  cancel: 'Escape',
};

/** Drives the machine with named keys at given times and records its commands as "type:detail@time". */
function drive(bindings: Partial<HotkeyBindings> = {}) {
  const machine = new HotkeyMachine(hotkeyMachineConfig({ ...defaults, ...bindings }));
  const log: string[] = [];
  const record = (commands: ReturnType<HotkeyMachine['handle']>) => {
    for (const c of commands) log.push(`${c.type}:${c.type === 'start' ? c.trigger : c.reason}@${c.time}`);
  };
  const code = (name: string) => keyByName(name)!.code;
  const modifiersWith = (name: string, held: Modifier[]) => {
    const own = keyByName(name)!.modifier;
    return own && !held.includes(own) ? [...held, own] : held;
  };
  const api = {
    machine,
    log,
    down(name: string, time: number, held: Modifier[] = []) {
      record(
        machine.handle({ type: 'keydown', keycode: code(name), modifiers: modifiersWith(name, held), time }),
      );
      return api;
    },
    up(name: string, time: number, held: Modifier[] = []) {
      record(machine.handle({ type: 'keyup', keycode: code(name), modifiers: held, time }));
      return api;
    },
    toggle(time: number) {
      record(machine.handle({ type: 'toggle', time }));
      return api;
    },
    ended(time: number) {
      record(machine.handle({ type: 'session_ended', time }));
      return api;
    },
  };
  return api;
}

describe('hold (push-to-talk)', () => {
  it('starts on press and stops on release, ignoring auto-repeat', () => {
    const m = drive({ mode: 'hold' }).down('RightCtrl', 0);
    expect(m.machine.state).toBe('holding');
    m.down('RightCtrl', 500).down('RightCtrl', 533).down('RightCtrl', 566).up('RightCtrl', 1500);
    expect(m.log).toEqual(['start:hold@0', 'stop:released@1500']);
    expect(m.machine.state).toBe('idle');
  });

  it('stops even a very short press: in mode "hold" there are no taps', () => {
    const m = drive({ mode: 'hold' }).down('RightCtrl', 0).up('RightCtrl', 80);
    expect(m.log).toEqual(['start:hold@0', 'stop:released@80']);
  });

  it('ignores the toggle shortcut in mode "hold"', () => {
    const m = drive({ mode: 'hold' }).toggle(0).toggle(1000);
    expect(m.log).toEqual([]);
  });

  it('ignores a release whose press it never saw (key already down at start)', () => {
    const m = drive().up('RightCtrl', 10);
    expect(m.log).toEqual([]);
    expect(m.machine.state).toBe('idle');
  });

  it('needs exactly the chosen modifiers', () => {
    const plain = drive({ hold: 'F9' }).down('F9', 0, ['Ctrl']).up('F9', 900, ['Ctrl']);
    expect(plain.log).toEqual([]); // Ctrl+F9 belongs to another app
    plain.down('F9', 1000).up('F9', 2000);
    expect(plain.log).toEqual(['start:hold@1000', 'stop:released@2000']);

    const combo = drive({ hold: 'Ctrl+Alt+D' });
    combo.down('D', 0, ['Ctrl']).up('D', 500);
    expect(combo.log).toEqual([]);
    // Releasing the modifiers before the key still stops.
    combo.down('D', 1000, ['Ctrl', 'Alt']).up('D', 2500, []);
    expect(combo.log).toEqual(['start:hold@1000', 'stop:released@2500']);
  });

  it('ignores contact bounce right after a release', () => {
    const m = drive({ mode: 'hold' })
      .down('RightCtrl', 0)
      .up('RightCtrl', 900)
      .down('RightCtrl', 920) // bounce, 20 ms after the release
      .up('RightCtrl', 925)
      .down('RightCtrl', 1500)
      .up('RightCtrl', 2500);
    expect(m.log).toEqual(['start:hold@0', 'stop:released@900', 'start:hold@1500', 'stop:released@2500']);
  });
});

describe('both: tap toggles, hold talks', () => {
  it('a tap starts a recording that the next press stops', () => {
    const m = drive().down('RightCtrl', 0).up('RightCtrl', 120);
    expect(m.log).toEqual(['start:hold@0']);
    expect(m.machine.state).toBe('latched');
    m.down('RightCtrl', 4000);
    expect(m.log).toEqual(['start:hold@0', 'stop:toggled@4000']);
    m.up('RightCtrl', 4100);
    expect(m.log).toHaveLength(2);
    expect(m.machine.state).toBe('idle');
  });

  it('a long press is push-to-talk', () => {
    const m = drive().down('RightCtrl', 0).down('RightCtrl', 660).up('RightCtrl', 2000);
    expect(m.log).toEqual(['start:hold@0', 'stop:released@2000']);
  });

  it('draws the line between tap and hold at tapMaxMs', () => {
    const justUnder = drive().down('RightCtrl', 0).up('RightCtrl', 299);
    expect(justUnder.machine.state).toBe('latched');
    const atLimit = drive().down('RightCtrl', 0).up('RightCtrl', 300);
    expect(atLimit.log).toEqual(['start:hold@0', 'stop:released@300']);
  });

  it('the toggle shortcut stops a tapped recording, and a tap stops a toggled one', () => {
    const m = drive().down('RightCtrl', 0).up('RightCtrl', 100).toggle(3000);
    expect(m.log).toEqual(['start:hold@0', 'stop:toggled@3000']);
    m.toggle(5000).down('RightCtrl', 7000).up('RightCtrl', 7100);
    expect(m.log).toEqual(['start:hold@0', 'stop:toggled@3000', 'start:toggle@5000', 'stop:toggled@7000']);
    expect(m.machine.state).toBe('idle');
  });

  it('treats Right Ctrl used as the Ctrl of the toggle shortcut as one toggle, in either event order', () => {
    // The hook's Space key-down arrives before Electron's shortcut event...
    const a = drive()
      .down('RightCtrl', 0)
      .down('LeftShift', 30, ['Ctrl'])
      .down('Space', 60, ['Ctrl', 'Shift'])
      .toggle(62)
      .up('Space', 120)
      .up('LeftShift', 130)
      .up('RightCtrl', 150);
    // ...or after it.
    const b = drive()
      .down('RightCtrl', 0)
      .down('LeftShift', 30, ['Ctrl'])
      .toggle(60)
      .down('Space', 63, ['Ctrl', 'Shift'])
      .up('Space', 120)
      .up('LeftShift', 130)
      .up('RightCtrl', 150);
    for (const m of [a, b]) {
      expect(m.log).toEqual(['start:hold@0']);
      expect(m.machine.state).toBe('latched');
      m.toggle(3000);
      expect(m.log).toEqual(['start:hold@0', 'stop:toggled@3000']);
    }
  });
});

describe('toggle', () => {
  it('starts and stops with the shortcut and ignores the hold key', () => {
    const m = drive({ mode: 'toggle' }).down('RightCtrl', 0).up('RightCtrl', 1000);
    expect(m.log).toEqual([]);
    m.toggle(2000).toggle(5000);
    expect(m.log).toEqual(['start:toggle@2000', 'stop:toggled@5000']);
  });

  it('debounces a double-fired shortcut', () => {
    const m = drive({ mode: 'toggle' }).toggle(0).toggle(15);
    expect(m.log).toEqual(['start:toggle@0']);
    expect(m.machine.state).toBe('latched');
  });

  it('ignores the shortcut repeating while its key is held (Windows, X11), whatever arrives first', () => {
    const held: Modifier[] = ['Ctrl', 'Shift'];
    const m = drive({ mode: 'toggle' })
      .down('Space', 0, held)
      .toggle(3)
      .down('Space', 500, held) // auto-repeat: the hook repeats the key-down, Electron the shortcut
      .toggle(502)
      .toggle(535)
      .toggle(568)
      .up('Space', 600, held);
    expect(m.log).toEqual(['start:toggle@3']);
    // Shortcut event first, the hook's key-down second.
    m.toggle(2000).down('Space', 2010, held).toggle(2510).toggle(2543).up('Space', 2600, held);
    expect(m.log).toEqual(['start:toggle@3', 'stop:toggled@2000']);
    m.down('Space', 4000, held).toggle(4002);
    expect(m.log).toEqual(['start:toggle@3', 'stop:toggled@2000', 'start:toggle@4002']);
  });
});

describe('cancel', () => {
  it('cancels a held recording; the later release does nothing', () => {
    const m = drive()
      .down('RightCtrl', 0)
      .down('Escape', 700, ['Ctrl'])
      .up('Escape', 750)
      .up('RightCtrl', 1200);
    expect(m.log).toEqual(['start:hold@0', 'cancel:cancel_key@700']);
    expect(m.machine.state).toBe('idle');
  });

  it('cancels a tapped or toggled recording, and does nothing when idle', () => {
    const m = drive().down('Escape', 0).up('Escape', 50);
    expect(m.log).toEqual([]);
    m.down('RightCtrl', 100).up('RightCtrl', 150).down('Escape', 2000);
    m.toggle(3000).down('Escape', 3500).down('Escape', 3533);
    expect(m.log).toEqual([
      'start:hold@100',
      'cancel:cancel_key@2000',
      'start:toggle@3000',
      'cancel:cancel_key@3500',
    ]);
  });

  it('takes Right Ctrl + another key for a shortcut, not dictation', () => {
    const m = drive()
      .down('RightCtrl', 0)
      .down('C', 90, ['Ctrl'])
      .up('C', 150, ['Ctrl'])
      .up('RightCtrl', 200);
    expect(m.log).toEqual(['start:hold@0', 'cancel:chord@90']);
    expect(m.machine.state).toBe('idle');
  });

  it('lets other modifiers be pressed during a hold, and other keys during a non-modifier hold', () => {
    const modifier = drive().down('RightCtrl', 0).down('LeftShift', 400, ['Ctrl']).up('RightCtrl', 1000);
    expect(modifier.log).toEqual(['start:hold@0', 'stop:released@1000']);
    const f9 = drive({ hold: 'F9' }).down('F9', 0).down('A', 400).up('F9', 1000);
    expect(f9.log).toEqual(['start:hold@0', 'stop:released@1000']);
  });
});

describe('outside events and new bindings', () => {
  it('after an auto-stop the next press starts instead of stopping', () => {
    const latched = drive().down('RightCtrl', 0).up('RightCtrl', 100).ended(5000).down('RightCtrl', 6000);
    expect(latched.log).toEqual(['start:hold@0', 'start:hold@6000']);

    const held = drive().down('RightCtrl', 0).ended(2000).up('RightCtrl', 2500).down('RightCtrl', 3000);
    expect(held.log).toEqual(['start:hold@0', 'start:hold@3000']);
  });

  it('switches to new keys at once', () => {
    const m = drive();
    m.machine.configure(hotkeyMachineConfig({ ...defaults, hold: 'F9', mode: 'hold' }));
    m.down('RightCtrl', 0).up('RightCtrl', 800).down('F9', 1000).up('F9', 1100);
    expect(m.log).toEqual(['start:hold@1000', 'stop:released@1100']);
  });

  it('keeps a recording running through a change of bindings, ended by the next press', () => {
    const m = drive().down('RightCtrl', 0);
    m.machine.configure(hotkeyMachineConfig({ ...defaults, hold: 'F9' }));
    m.up('RightCtrl', 900);
    expect(m.machine.state).toBe('latched');
    m.down('F9', 2000);
    expect(m.log).toEqual(['start:hold@0', 'stop:toggled@2000']);
  });

  it('refuses bindings that collide', () => {
    expect(() => hotkeyMachineConfig({ ...defaults, hold: 'F9', cancel: 'F9' })).toThrow(/both F9/);
  });
});

describe('key event times', () => {
  it('keeps the OS-measured length of a press when the event loop delivers it late', () => {
    let now = 0;
    const toLocal = eventTimeMapper(() => now);
    now = 50;
    expect(toLocal(1_000_000)).toBe(50); // the press arrives at once
    now = 700; // the release, 400 ms later at the OS, arrives 250 ms late
    expect(toLocal(1_000_400)).toBe(450);
    now = 800; // a later event that was less delayed than the first one corrects the offset
    expect(toLocal(1_000_760)).toBe(800);
  });

  it('starts over when the hook clock jumps (X server time wraps after 49 days)', () => {
    let now = 10_000;
    const toLocal = eventTimeMapper(() => now);
    toLocal(2 ** 32 - 100);
    now = 10_200;
    expect(toLocal(100)).toBe(10_200);
    expect(toLocal(Number.NaN)).toBe(10_200);
  });
});

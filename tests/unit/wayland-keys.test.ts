import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WtypeKeys, YdotoolKeys } from '../../src/services/delivery/wayland-keys.js';
import { makeTempDir } from '../helpers/fixtures.js';

// wtype and ydotool need a Wayland compositor or /dev/uinput, which this machine lacks: a recording
// script stands in for each tool (a real process, run the way the app runs the tool), so the
// arguments and the stdin that the app hands over are checked exactly.
const temp = makeTempDir('dictation-wayland-keys-');
afterAll(() => temp.cleanup());

function recordingTool(name: string, exitCode = 0, stderr = ''): { path: string; calls: () => string[] } {
  const log = path.join(temp.dir, `${name}.log`);
  const tool = path.join(temp.dir, name);
  writeFileSync(
    tool,
    `#!/bin/sh\nprintf 'args:%s\\n' "$*" >> '${log}'\nprintf 'stdin:%s\\n' "$(cat)" >> '${log}'\n` +
      `${stderr ? `echo '${stderr}' >&2\n` : ''}exit ${exitCode}\n`,
  );
  chmodSync(tool, 0o755);
  writeFileSync(log, '');
  return { path: tool, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

describe('Wayland keystroke tools', () => {
  it('wtype: chords as modifier arguments, text on stdin even when it looks like an option', async () => {
    const tool = recordingTool('wtype');
    const keys = new WtypeKeys(tool.path, process.env);
    await keys.sendChord('ctrl+shift+v');
    await keys.typeText('-n héllo');
    expect(tool.calls()).toEqual([
      'args:-M ctrl -M shift v -m shift -m ctrl',
      'stdin:',
      'args:-',
      'stdin:-n héllo',
    ]);
  });

  it('ydotool: chords as key codes pressed then released in reverse, text from stdin', async () => {
    const tool = recordingTool('ydotool');
    const keys = new YdotoolKeys(tool.path, process.env);
    await keys.sendChord('ctrl+enter');
    await keys.typeText('hello');
    expect(tool.calls()).toEqual([
      'args:key 29:1 28:1 28:0 29:0',
      'stdin:',
      'args:type --file -',
      'stdin:hello',
    ]);
  });

  it('says what to do when the compositor refuses the virtual keyboard', async () => {
    const tool = recordingTool(
      'wtype-refused',
      1,
      'Compositor does not support the virtual keyboard protocol',
    );
    const keys = new WtypeKeys(tool.path, process.env);
    await expect(keys.typeText('x')).rejects.toMatchObject({
      kind: 'io',
      message: 'wtype could not send keystrokes to the focused window',
      hint: expect.stringContaining('install ydotool'),
    });
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE_NAME,
  autostartDirectory,
  disableLinuxAutostart,
  enableLinuxAutostart,
  isLinuxAutostartEnabled,
  linuxLaunchCommand,
  refreshLinuxAutostart,
} from '../../src/main/hosts/electron/packaging/linux-autostart.js';
import { makeTempDir } from '../helpers/fixtures.js';

const temp = makeTempDir('dictation-autostart-');
afterAll(() => temp.cleanup());

/** The Exec value back to argv, by the Desktop Entry Specification's rules (string unescape, then quoting). */
function execArgv(entry: string): string[] {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='));
  if (!line) throw new Error('no Exec line');
  const value = line
    .slice('Exec='.length)
    .replace(/\\(.)/g, (_m, c: string) => (c === '\\' ? '\\' : `\\${c}`));
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\') current += value[++i] ?? '';
    else if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && c === ' ') {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((a) => a.replace(/%%/g, '%'));
}

const validator = spawnSync('desktop-file-validate', ['--help'], { stdio: 'ignore' }).status === 0;

describe('Linux launch at login', () => {
  it('follows XDG_CONFIG_HOME and prefers the AppImage file over its temporary mount', () => {
    expect(autostartDirectory({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/autostart');
    expect(autostartDirectory({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart',
    );
    expect(autostartDirectory({}, '/home/ada')).toBe('/home/ada/.config/autostart');
    expect(
      linuxLaunchCommand('/tmp/.mount_DictXy/dictation', { APPIMAGE: '/home/ada/Apps/Dictation.AppImage' }),
    ).toBe('/home/ada/Apps/Dictation.AppImage');
    expect(linuxLaunchCommand('/opt/Dictation/dictation', {})).toBe('/opt/Dictation/dictation');
  });

  it('writes a valid entry that starts the app hidden, and removes it', async () => {
    const dir = path.join(temp.dir, 'plain', 'autostart');
    expect(await isLinuxAutostartEnabled(dir)).toBe(false);
    const file = await enableLinuxAutostart({ directory: dir, command: '/opt/Dictation/dictation' });
    expect(file).toBe(path.join(dir, AUTOSTART_FILE_NAME));
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(execArgv(readFileSync(file, 'utf8'))).toEqual(['/opt/Dictation/dictation', '--hidden']);
    expect(await isLinuxAutostartEnabled(dir)).toBe(true);
    await disableLinuxAutostart(dir);
    expect(await isLinuxAutostartEnabled(dir)).toBe(false);
    await disableLinuxAutostart(dir); // already gone: no error
  });

  it('quotes awkward paths so the session runs exactly that file', async () => {
    const dir = path.join(temp.dir, 'awkward');
    const command = `/home/ada/My Apps/"Dictation" $HOME \\ 100% (v2)/Dictation.AppImage`;
    const file = await enableLinuxAutostart({ directory: dir, command });
    expect(execArgv(readFileSync(file, 'utf8'))).toEqual([command, '--hidden']);
    await expect(enableLinuxAutostart({ directory: dir, command: '/a\nb' })).rejects.toThrow(
      /control characters/,
    );
  });

  it.skipIf(!validator)('passes desktop-file-validate', async () => {
    const dir = path.join(temp.dir, 'validate');
    const file = await enableLinuxAutostart({
      directory: dir,
      command: '/home/ada/My Apps/100% $x/Dictation.AppImage',
    });
    const result = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('counts an entry the desktop switched off as disabled', async () => {
    const dir = path.join(temp.dir, 'switched-off');
    const file = await enableLinuxAutostart({ directory: dir, command: '/opt/Dictation/dictation' });
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(await isLinuxAutostartEnabled(dir)).toBe(false);
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=false', 'Hidden=true'));
    expect(await isLinuxAutostartEnabled(dir)).toBe(false);
    // A switched-off entry is the user's choice: refresh leaves it alone.
    expect(await refreshLinuxAutostart({ directory: dir, command: '/elsewhere/dictation' })).toBe(false);
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Dictation/dictation');
  });

  it('points an enabled entry at a moved AppImage on the next start', async () => {
    const dir = path.join(temp.dir, 'moved');
    await enableLinuxAutostart({ directory: dir, command: '/home/ada/Downloads/Dictation-0.1.0.AppImage' });
    const moved = '/home/ada/Apps/Dictation-0.2.0.AppImage';
    expect(await refreshLinuxAutostart({ directory: dir, command: moved })).toBe(true);
    expect(execArgv(readFileSync(path.join(dir, AUTOSTART_FILE_NAME), 'utf8'))[0]).toBe(moved);
    expect(await refreshLinuxAutostart({ directory: dir, command: moved })).toBe(false);
  });
});

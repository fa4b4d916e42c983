import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startupFailureMessage } from '../../src/main/hosts/electron/shell-model/startup-failure.js';
import { AppError } from '../../src/shared/errors.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { launchStandInApp, type StandInApp } from '../helpers/stand-in-app.js';

describe('a start-up failure', () => {
  it('says what failed, what to do and where the log is', () => {
    const message = startupFailureMessage(
      new AppError('disk_full', 'No space left for the database.', { hint: 'Free some disk space.' }),
      '/home/ada/.config/Dictation/logs',
    );
    expect(message.title).toBe('Dictation could not start');
    expect(message.content).toContain('No space left for the database.');
    expect(message.content).toContain('Free some disk space.');
    expect(message.content).toContain('/home/ada/.config/Dictation/logs');
  });

  describe('in the app (real main process on the Electron stand-in)', () => {
    const temp = makeTempDir('dictation-start-fail-');
    let app: StandInApp | undefined;
    afterAll(async () => {
      await app?.kill();
      temp.cleanup();
    });

    it('is shown in a blocking error box before the app exits, not in a message box it does not wait for', async () => {
      // The stand-in's session throws when the shell sets it up, so startShell fails.
      app = launchStandInApp({ ...process.env, DICTATION_DATA_DIR: temp.dir, STAND_IN_FAIL_SESSION: '1' });
      expect(await app.exited).toBe(1);
      const box = app.find('error_box');
      expect(
        box,
        `error box shown; stand-in saw ${app.messages.map((m) => m.type).join(', ')}`,
      ).toBeDefined();
      expect(box?.['title']).toBe('Dictation could not start');
      expect(String(box?.['content'])).toContain('stand-in: the session is unavailable');
      expect(String(box?.['content'])).toContain(path.join(temp.dir, 'logs'));
      expect(app.find('message_box')).toBeUndefined();
      const order = app.messages.map((m) => m.type);
      expect(order.indexOf('error_box')).toBeLessThan(order.indexOf('exit'));
    });
  });
});

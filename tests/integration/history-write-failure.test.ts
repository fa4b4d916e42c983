// A dictation that is delivered while the history cannot be written (another process holds the
// database's write lock): the text still lands, and the user is told it is not in the history.
// Real runtime, engine (micro model) and SQLite, with a second connection holding the lock.
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSessionsApp, type SessionsApp } from '../helpers/sessions-app.js';

let app: SessionsApp;
beforeAll(async () => {
  app = await startSessionsApp({ integrations: {} });
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('a failed history write after a delivered dictation', () => {
  it('is told to the user in a notice; the dictation is still delivered; the next one is saved', async () => {
    app.runtime.database.exec('PRAGMA busy_timeout = 100'); // the app waits 5 s; the test less
    const locker = new DatabaseSync(app.paths.databaseFile);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      await app.dictate(); // throws unless the dictation ends delivered
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const notices = app.events.filter((e) => e.type === 'notice');
    expect(notices).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/delivered but could not be saved to the history: .*(locked|busy)/i),
        hint: expect.stringMatching(/still where it was pasted/),
      }),
    );
    await app.dictate();
    const history = await app.runtime.core.handle({ type: 'history_list' });
    expect(history.ok && (history.payload as { entries: unknown[] }).entries).toHaveLength(1);
  });
});

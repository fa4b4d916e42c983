import { describe, expect, it } from 'vitest';
import { createAppCore } from '../../src/main/app/create-app-core.js';
import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { appPaths } from '../../src/services/app-paths.js';
import type { DictationPort } from '../../src/services/dictation/dictation-requests.js';
import type { HistoryPort } from '../../src/services/history/history-requests.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { SettingsPort } from '../../src/services/settings/settings-requests.js';
import { AppRequest, type AppEvent } from '../../src/shared/app-protocol.js';
import { IDLE_STATUS } from '../../src/shared/dictation.js';
import { AppError } from '../../src/shared/errors.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';

/**
 * The app core's router: every request type has a handler (the table is checked by the compiler, and
 * here at run time against the protocol's own list), a feature the backend lacks answers that it is
 * not here, a handler's failure becomes an error response without its stack, and a malformed request
 * is refused at the edge before any handler runs. The ports are small in-memory stand-ins: this tests
 * the routing, the services have their own tests.
 */
function core(overrides: { history?: Partial<HistoryPort> } = {}) {
  const calls: string[] = [];
  const dictation: DictationPort = {
    start: async (trigger) => void calls.push(`start:${trigger}`),
    stop: async () => void calls.push('stop'),
    cancel: async () => void calls.push('cancel'),
    status: () => IDLE_STATUS,
    subscribe: () => () => undefined,
  };
  const settings: SettingsPort = {
    warnings: [],
    get: () => DEFAULT_SETTINGS,
    update: async () => DEFAULT_SETTINGS,
    subscribe: () => () => undefined,
  };
  const history: HistoryPort = {
    add: () => {
      throw new Error('not used');
    },
    page: () => ({ entries: [] }),
    delete: (id) => {
      calls.push(`delete:${id}`);
      return true;
    },
    deleteAll: () => 3,
    prune: () => 0,
    ...overrides.history,
  };
  const app = createAppCore({
    paths: appPaths('/nonexistent'),
    logger: silentLogger(),
    dictation,
    settings,
    history,
  });
  return { app, calls };
}

const REQUEST_TYPES = AppRequest.options.map((option) => option.shape.type.value);

describe('the app router', () => {
  it('has a handler for every request type of the protocol', async () => {
    const { app } = core();
    for (const type of REQUEST_TYPES) {
      // Any answer but "no handler" will do: features this core lacks answer "unavailable".
      const response = await app.handle({ type } as AppRequest).catch((error: unknown) => error);
      expect(response, type).toHaveProperty('ok');
      if ('ok' in (response as object) && !(response as { ok: boolean }).ok) {
        expect((response as { error: { message: string } }).error.message, type).not.toMatch(
          /handler is not a function/,
        );
      }
    }
  });

  it('routes each request to its feature with the parsed fields', async () => {
    const { app, calls } = core();
    expect(await app.handle({ type: 'dictation_start', trigger: 'api' })).toMatchObject({ ok: true });
    expect(await app.handle({ type: 'history_delete', id: 'abc' })).toEqual({
      ok: true,
      payload: { deleted: true },
    });
    expect(await app.handle({ type: 'history_clear' })).toEqual({ ok: true, payload: { deleted: 3 } });
    expect(calls).toEqual(['start:api', 'delete:abc']);
  });

  it('answers for a feature this backend lacks that it is not available, with what to do', async () => {
    const { app } = core();
    const response = await app.handle({ type: 'jobs', command: { type: 'list' } });
    expect(response).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: expect.stringMatching(/File transcription/) },
    });
    expect((await app.handle({ type: 'get_state' })) as { payload: { features: object } }).toMatchObject({
      payload: { features: { jobs: false, models: false, sessions: false } },
    });
  });

  it('turns a handler failure into an error response without its stack or native detail', async () => {
    const { app } = core({
      history: {
        page: () => {
          throw new AppError('disk_full', 'The disk is full.', {
            hint: 'Free some space.',
            detail: 'SQLITE_FULL at …',
          });
        },
      },
    });
    const response = await app.handle({ type: 'history_list' });
    expect(response).toEqual({
      ok: false,
      error: { kind: 'disk_full', message: 'The disk is full.', hint: 'Free some space.' },
    });
  });

  it('refuses a malformed request at the edge before any handler runs', async () => {
    const { app, calls } = core();
    const events: AppEvent[] = [];
    app.subscribe((event) => events.push(event));
    for (const raw of [
      null,
      'get_state',
      { type: 'nope' },
      { type: 'history_delete' },
      { type: 'dictation_start', trigger: 'x' },
    ]) {
      expect(await answerRawRequest(app, raw)).toMatchObject({
        ok: false,
        error: { kind: 'invalid_request' },
      });
    }
    expect(calls).toEqual([]);
    // A request with a field's default left out is completed by the parse (trigger: 'ui').
    expect(await answerRawRequest(app, { type: 'dictation_start' })).toMatchObject({ ok: true });
    expect(calls).toEqual(['start:ui']);
  });
});

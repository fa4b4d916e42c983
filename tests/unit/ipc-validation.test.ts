import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createIpcInvokeHandler,
  senderProblem,
  validateIpcRequest,
} from '../../src/main/hosts/electron/ipc-validation.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { AppBackend } from '../../src/shared/app-protocol.js';

const indexFile = path.resolve('/opt/Dictation/resources/app.asar/dist/renderer/index.html');
const trusted = { indexFile, devOrigin: 'http://localhost:5173' };
const appPage = pathToFileURL(indexFile).href;

describe('who may send IPC to main', () => {
  it("accepts the app's own page (with a query or hash) in the main frame, and the dev server", () => {
    expect(senderProblem({ url: appPage, isMainFrame: true }, trusted)).toBeNull();
    expect(senderProblem({ url: `${appPage}?view=history#x`, isMainFrame: true }, trusted)).toBeNull();
    expect(senderProblem({ url: 'http://localhost:5173/index.html', isMainFrame: true }, trusted)).toBeNull();
  });

  it('refuses sub-frames, other files, other origins, and pages without a URL', () => {
    expect(senderProblem({ url: appPage, isMainFrame: false }, trusted)).toMatch(/sub-frame/);
    expect(senderProblem({ url: pathToFileURL('/tmp/evil.html').href, isMainFrame: true }, trusted)).toMatch(
      /not the app/,
    );
    expect(senderProblem({ url: 'https://evil.example/', isMainFrame: true }, trusted)).toMatch(
      /evil\.example/,
    );
    expect(senderProblem({ url: 'http://localhost:5174/', isMainFrame: true }, trusted)).not.toBeNull();
    expect(senderProblem({ url: 'http://localhost:5173/', isMainFrame: true }, { indexFile })).not.toBeNull();
    expect(senderProblem({ url: undefined, isMainFrame: true }, trusted)).toMatch(/no URL/);
    expect(senderProblem({ url: 'not a url', isMainFrame: true }, trusted)).toMatch(/not a URL/);
  });
});

describe('the IPC invoke handler', () => {
  const handled: unknown[] = [];
  const backend: AppBackend = {
    protocolVersion: 1,
    handle: (request) => {
      handled.push(request);
      return Promise.resolve({ ok: true, payload: { deleted: true } });
    },
    subscribe: () => () => undefined,
  };
  const handler = createIpcInvokeHandler(backend, trusted, silentLogger());

  it('passes a valid request from the app page to the backend, already parsed', async () => {
    const response = await handler({ url: appPage, isMainFrame: true }, { type: 'history_delete', id: 'a' });
    expect(response).toEqual({ ok: true, payload: { deleted: true } });
    expect(handled.at(-1)).toEqual({ type: 'history_delete', id: 'a' });
  });

  it('answers forbidden for a foreign sender and invalid_request for a malformed request, without calling the backend', async () => {
    const before = handled.length;
    const foreign = await handler(
      { url: 'https://evil.example/', isMainFrame: true },
      { type: 'history_clear' },
    );
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const malformed = await handler({ url: appPage, isMainFrame: true }, { type: 'history_delete' });
    expect(malformed).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    const unknown = validateIpcRequest({ url: appPage, isMainFrame: true }, { type: 'open_shell' }, trusted);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(handled.length).toBe(before);
  });
});

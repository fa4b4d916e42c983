import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { APP_PROTOCOL_VERSION } from '../../src/shared/app-ipc.js';
import { BridgeServerMessage } from '../../src/shared/bridge-protocol.js';
import { startHeadlessApp, type HeadlessApp } from '../helpers/headless-app.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The loopback bridge in front of the real app core (real settings file, real SQLite): who may connect,
// and what happens to messages that are too big, malformed, or not requests.
const MAX_BYTES = 16 * 1024;
let app: HeadlessApp;

beforeAll(async () => {
  app = await startHeadlessApp({
    dictation: new UnavailableDictation('no microphone in this test.'),
    maxMessageBytes: MAX_BYTES,
  });
});

afterAll(async () => {
  await app?.close();
});

interface Connection {
  socket: WebSocket;
  messages: BridgeServerMessage[];
  next: (kind: BridgeServerMessage['kind']) => Promise<BridgeServerMessage>;
  closed: Promise<{ code: number }>;
}

/** Opens a connection; resolves once it is open, or with the HTTP status the upgrade was refused with. */
function connect(options: {
  token?: string | null;
  origin?: string | null;
  path?: string;
}): Promise<Connection | number> {
  const url = new URL(app.server.bridgeUrl);
  if (options.path) url.pathname = options.path;
  const token = options.token === undefined ? app.server.token : options.token;
  if (token !== null) url.searchParams.set('token', token);
  const origin = options.origin === undefined ? app.server.origin : options.origin;
  const socket = new WebSocket(url, origin === null ? {} : { origin });
  const messages: BridgeServerMessage[] = [];
  const unread: BridgeServerMessage[] = [];
  const waiters: { kind: string; resolve: (m: BridgeServerMessage) => void }[] = [];
  socket.on('message', (data) => {
    const message = BridgeServerMessage.parse(JSON.parse(String(data)));
    messages.push(message);
    const index = waiters.findIndex((w) => w.kind === message.kind);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(message);
    else unread.push(message);
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  const next = (kind: BridgeServerMessage['kind']) =>
    new Promise<BridgeServerMessage>((resolve) => {
      const index = unread.findIndex((m) => m.kind === kind);
      if (index >= 0) resolve(unread.splice(index, 1)[0] as BridgeServerMessage);
      else waiters.push({ kind, resolve });
    });
  return new Promise((resolve) => {
    socket.on('open', () => resolve({ socket, messages, next, closed }));
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

async function open(): Promise<Connection> {
  const connection = await connect({});
  if (typeof connection === 'number') throw new Error(`refused with ${connection}`);
  return connection;
}

describe('who may connect', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(app.server.origin).hostname).toBe('127.0.0.1');
    expect(app.server.bridgeUrl.startsWith('ws://127.0.0.1:')).toBe(true);
  });

  it('accepts the right token from the page origin and says hello with the protocol version', async () => {
    const connection = await open();
    expect(await connection.next('hello')).toEqual({ kind: 'hello', protocolVersion: APP_PROTOCOL_VERSION });
    connection.socket.close();
  });

  it('refuses a missing token, a wrong token and a token of the wrong length (401)', async () => {
    expect(await connect({ token: null })).toBe(401);
    const wrong = app.server.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await connect({ token: wrong })).toBe(401);
    expect(await connect({ token: `${app.server.token}x` })).toBe(401);
    expect(await connect({ token: '' })).toBe(401);
  });

  it('refuses a foreign Origin and a missing Origin (403), even with the right token', async () => {
    expect(await connect({ origin: 'http://evil.example' })).toBe(403);
    expect(await connect({ origin: app.server.origin.replace('127.0.0.1', '127.0.0.2') })).toBe(403);
    expect(await connect({ origin: null })).toBe(403);
  });

  it('answers 404 for any other path', async () => {
    expect(await connect({ path: '/other' })).toBe(404);
  });
});

describe('what is accepted on a connection', () => {
  it('answers a valid request from the real core', async () => {
    const connection = await open();
    connection.socket.send(JSON.stringify({ kind: 'request', id: 7, request: { type: 'settings_get' } }));
    const reply = await connection.next('response');
    expect(reply).toMatchObject({ kind: 'response', id: 7, response: { ok: true } });
    if (reply.kind !== 'response') throw new Error('unreachable');
    expect(reply.response).toMatchObject({ payload: { settings: app.settings.get() } });
    connection.socket.close();
  });

  it('refuses malformed messages with an error and keeps the connection', async () => {
    const connection = await open();
    connection.socket.send('{not json');
    expect(await connection.next('error')).toMatchObject({ error: { kind: 'invalid_message' } });
    connection.socket.send(JSON.stringify({ kind: 'request', request: { type: 'get_state' } }));
    expect(await connection.next('error')).toMatchObject({ error: { kind: 'invalid_message' } });
    connection.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await connection.next('error')).toMatchObject({ error: { kind: 'invalid_message' } });
    // A well-formed envelope with a request the protocol does not have: an error response for that id.
    connection.socket.send(JSON.stringify({ kind: 'request', id: 3, request: { type: 'rm_rf' } }));
    expect(await connection.next('response')).toMatchObject({
      id: 3,
      response: { ok: false, error: { kind: 'invalid_request' } },
    });
    connection.socket.send(
      JSON.stringify({ kind: 'request', id: 4, request: { type: 'history_delete', id: 42 } }),
    );
    expect(await connection.next('response')).toMatchObject({ id: 4, response: { ok: false } });
    // Still usable.
    connection.socket.send(JSON.stringify({ kind: 'request', id: 5, request: { type: 'history_list' } }));
    expect(await connection.next('response')).toMatchObject({ id: 5, response: { ok: true } });
    connection.socket.close();
  });

  it('closes the connection on a message over the size limit (1009)', async () => {
    const connection = await open();
    const text = 'x'.repeat(MAX_BYTES + 1);
    connection.socket.send(JSON.stringify({ kind: 'request', id: 1, request: { type: 'copy_text', text } }));
    expect((await connection.closed).code).toBe(1009);
    expect(connection.messages.some((m) => m.kind === 'response')).toBe(false);
  });

  it('pushes the core events to connected windows', async () => {
    const connection = await open();
    await connection.next('hello');
    await app.settings.update({ app: { soundCues: false } });
    const event = await connection.next('event');
    expect(event).toMatchObject({
      event: { type: 'settings_changed', settings: { app: { soundCues: false } } },
    });
    connection.socket.close();
  });
});

describe('the page server', () => {
  const get = (path: string, host?: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(app.server.origin);
      const request = http.get(
        { host: url.hostname, port: url.port, path, headers: host ? { host } : {} },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
    });

  it('serves the built window and nothing outside it', async () => {
    expect(await get('/')).toBe(200);
    expect(await get('/index.html')).toBe(200);
    expect(await get('/../../package.json')).toBe(404);
    expect(await get('/%2e%2e/%2e%2e/package.json')).toBe(404);
    expect(await get('/missing.js')).toBe(404);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect(await get('/', 'attacker.example')).toBe(421);
  });
});

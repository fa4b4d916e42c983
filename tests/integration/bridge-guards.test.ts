import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppBackend, AppEvent } from '../../src/shared/app-protocol.js';
import { BridgeServerMessage } from '../../src/shared/bridge-protocol.js';
import { startHeadlessApp, type HeadlessApp } from '../helpers/headless-app.js';
import { closedWithin, idleConnections, rawUpgrade } from '../helpers/raw-upgrade.js';
import { collectUncaught } from '../helpers/uncaught-trap.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The loopback bridge against hostile or broken local clients: refused connections that reset, foreign
// Host names, too many windows, floods of requests, wrong tokens, idle sockets, and windows that stop
// reading while the app broadcasts audio levels. The real app core (settings file, SQLite) is behind it.
// The core's own events are passed through; `inject` adds events the way a running dictation emits
// levels (this core has no microphone).
let app: HeadlessApp;
const injected = new Set<(event: AppEvent) => void>();
const inject = (event: AppEvent) => {
  for (const listener of injected) listener(event);
};

const MAX_CLIENTS = 4;
const RATE = 20;

beforeAll(async () => {
  app = await startHeadlessApp({
    dictation: new UnavailableDictation('no microphone in this test.'),
    wrapBackend: (core): AppBackend => ({
      protocolVersion: core.protocolVersion,
      handle: (request) => core.handle(request),
      subscribe: (listener) => {
        const off = core.subscribe(listener);
        injected.add(listener);
        return () => {
          off();
          injected.delete(listener);
        };
      },
    }),
    bridgeLimits: {
      maxClients: MAX_CLIENTS,
      ratePerSecond: RATE,
      send: { skipDroppableAboveBytes: 16 * 1024, dropClientAboveBytes: 512 * 1024 },
      maxPendingSockets: 16,
      throttle: { freeFailures: 3, baseDelayMs: 400, maxDelayMs: 1600 },
    },
  });
});

afterAll(async () => {
  await app?.close();
});

const port = () => Number(new URL(app.server.origin).port);
const host = () => new URL(app.server.origin).host;
const bridgePath = (token: string | null = app.server.token) =>
  `/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
const waitFor = async (check: () => boolean, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

interface Window {
  socket: WebSocket;
  messages: BridgeServerMessage[];
  closed: Promise<number>;
}

/** A window's connection (the ws package, as the bridge test uses), or the HTTP status it was refused with. */
function open(options: { localAddress?: string; token?: string } = {}): Promise<Window | number> {
  const url = new URL(app.server.bridgeUrl);
  url.searchParams.set('token', options.token ?? app.server.token);
  const socket = new WebSocket(url, {
    origin: app.server.origin,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const messages: BridgeServerMessage[] = [];
  socket.on('message', (data) => messages.push(BridgeServerMessage.parse(JSON.parse(String(data)))));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve) => {
    socket.on('open', () => resolve({ socket, messages, closed }));
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => resolve(0));
  });
}

async function window(): Promise<Window> {
  const opened = await open();
  if (typeof opened === 'number') throw new Error(`refused with ${opened}`);
  await waitFor(() => opened.messages.some((m) => m.kind === 'hello'));
  return opened;
}

async function closeAll(windows: Window[]): Promise<void> {
  for (const w of windows) w.socket.close();
  await Promise.all(windows.map((w) => w.closed));
  await waitFor(() => app.server.bridge.connections === 0);
}

/** Sends a request and waits for its response. */
async function ask(w: Window, id: number, request: object): Promise<BridgeServerMessage> {
  w.socket.send(JSON.stringify({ kind: 'request', id, request }));
  await waitFor(() => w.messages.some((m) => m.kind === 'response' && m.id === id));
  return w.messages.find((m) => m.kind === 'response' && m.id === id) as BridgeServerMessage;
}

describe('refused connections', () => {
  it('a client that reads the refusal and resets the connection cannot crash the app', async () => {
    const origin = app.server.origin;
    const cases = [
      { expect: 401, request: { path: bridgePath(null), host: host(), origin } },
      { expect: 401, request: { path: bridgePath('wrong'), host: host(), origin } },
      { expect: 403, request: { path: bridgePath(), host: host(), origin: 'http://evil.example' } },
      { expect: 403, request: { path: bridgePath(), host: host() } },
      { expect: 404, request: { path: '/elsewhere', host: host(), origin } },
    ];
    const seen: number[] = [];
    const uncaught = await collectUncaught(async () => {
      for (let round = 0; round < 5; round++) {
        // Each round from its own loopback address, so the wrong tokens stay under the back-off.
        const localAddress = `127.0.1.${round + 1}`;
        for (const c of cases) seen.push((await rawUpgrade(port(), { ...c.request, localAddress })).status);
      }
    });
    expect(uncaught.map((error) => error.message)).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 5 }, () => cases.map((c) => c.expect)).flat());
    // And the app still serves a window.
    const w = await window();
    expect(await ask(w, 1, { type: 'settings_get' })).toMatchObject({ response: { ok: true } });
    await closeAll([w]);
  });

  it('refuses an upgrade addressed to another host name (DNS rebinding), before the token is looked at', async () => {
    const request = { path: bridgePath(), origin: app.server.origin };
    expect((await rawUpgrade(port(), { ...request, host: `attacker.example:${port()}` })).status).toBe(421);
    expect((await rawUpgrade(port(), { ...request, host: `127.0.0.1:${port() + 1}` })).status).toBe(421);
    expect((await rawUpgrade(port(), { ...request, host: null })).status).toBe(421);
    expect((await rawUpgrade(port(), { ...request, host: host().toUpperCase() })).status).toBe(101);
    expect((await rawUpgrade(port(), { ...request, host: `localhost:${port()}` })).status).toBe(101);
  });

  it(`accepts ${MAX_CLIENTS} windows and refuses one more (503) until one closes`, async () => {
    const windows = await Promise.all(Array.from({ length: MAX_CLIENTS }, () => window()));
    expect(await open()).toBe(503);
    const uncaught = await collectUncaught(async () => {
      const refused = await rawUpgrade(port(), {
        path: bridgePath(),
        host: host(),
        origin: app.server.origin,
      });
      expect(refused.status).toBe(503);
    });
    expect(uncaught).toEqual([]);
    windows[0]?.socket.close();
    await windows[0]?.closed;
    await waitFor(() => app.server.bridge.connections === MAX_CLIENTS - 1);
    const another = await window();
    await closeAll([...windows.slice(1), another]);
  });

  it('makes an address that keeps sending wrong tokens wait, doubling, without locking out others', async () => {
    const from = '127.0.2.1';
    const upgrade = (token: string) =>
      rawUpgrade(port(), {
        path: bridgePath(token),
        host: host(),
        origin: app.server.origin,
        localAddress: from,
      });
    // 3 free failures; the 4th imposes 400 ms, the 5th 800 ms. Even the right token waits meanwhile.
    for (let i = 0; i < 4; i++) expect((await upgrade(`wrong-${i}`)).status).toBe(401);
    let started = Date.now();
    const uncaught = await collectUncaught(async () => {
      const blocked = await upgrade(app.server.token);
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBe('1');
    });
    expect(uncaught).toEqual([]);
    // Another loopback address is not affected.
    expect(
      (await rawUpgrade(port(), { path: bridgePath(), host: host(), origin: app.server.origin })).status,
    ).toBe(101);
    await sleepUntil(started + 450);
    expect((await upgrade('wrong-4')).status).toBe(401);
    started = Date.now();
    expect((await upgrade(app.server.token)).status).toBe(429);
    await sleepUntil(started + 850);
    // The right token clears the address's record: three free failures again.
    expect((await upgrade(app.server.token)).status).toBe(101);
    for (let i = 0; i < 4; i++) expect((await upgrade(`again-${i}`)).status).toBe(401);
    expect((await upgrade(app.server.token)).status).toBe(429);
    await waitFor(() => app.server.bridge.connections === 0);
  });

  it('caps connections that are not windows yet: idle sockets cannot use up the server', async () => {
    const idle = await idleConnections(port(), 16);
    const extra = (await idleConnections(port(), 1))[0];
    if (!extra) throw new Error('unreachable');
    expect(await closedWithin(extra, 2000)).toBe(true);
    expect(idle.every((socket) => !socket.closed)).toBe(true);
    expect(await open()).toBe(0);
    for (const socket of idle) socket.destroy();
    await waitFor(() => idle.every((socket) => socket.closed));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const w = await window();
    await closeAll([w]);
  });
});

describe('a connected window', () => {
  it(`runs a burst of ${RATE * 2} requests, answers more "busy", and closes a client that floods on (1013)`, async () => {
    const bystander = await window();
    const flooder = await window();
    const send = (id: number) =>
      flooder.socket.send(JSON.stringify({ kind: 'request', id, request: { type: 'get_state' } }));
    for (let id = 1; id <= RATE * 3; id++) send(id);
    const responses = () => flooder.messages.filter((m) => m.kind === 'response');
    await waitFor(() => responses().length === RATE * 3);
    const errorKind = (m: BridgeServerMessage) =>
      m.kind === 'response' ? ((m.response as { error?: { kind: string } }).error?.kind ?? 'ok') : m.kind;
    const kinds = responses().map(errorKind);
    const ok = kinds.filter((kind) => kind === 'ok').length;
    expect(ok).toBeGreaterThanOrEqual(RATE * 2);
    expect(ok).toBeLessThan(RATE * 2 + 10);
    expect(kinds.filter((kind) => kind === 'busy').length).toBe(RATE * 3 - ok);
    // Flooding on while refused: disconnected.
    for (let id = 1000; id < 1400; id++) send(id);
    expect(await flooder.closed).toBe(1013);
    expect(await ask(bystander, 1, { type: 'settings_get' })).toMatchObject({ response: { ok: true } });
    await closeAll([bystander]);
  });

  it('refuses a message nested deeper than 64 levels without parsing it, and keeps the window', async () => {
    const w = await window();
    const deep = (depth: number) =>
      `{"kind":"request","id":${depth},"request":{"type":"get_state","x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    w.socket.send(deep(40_000));
    await waitFor(() => w.messages.some((m) => m.kind === 'error'));
    expect(w.messages.find((m) => m.kind === 'error')).toMatchObject({
      error: { kind: 'invalid_message', message: expect.stringMatching(/deeper than 64 levels/) },
    });
    // 2 levels of envelope and request, 62 of the unknown field: 64, read and answered.
    w.socket.send(deep(62));
    await waitFor(() => w.messages.some((m) => m.kind === 'response' && m.id === 62));
    expect(w.messages.find((m) => m.kind === 'response')).toMatchObject({ response: { ok: true } });
    await closeAll([w]);
  });

  it('serves a window that stays under the rate without refusing anything', async () => {
    const w = await window();
    for (let id = 1; id <= 30; id++) {
      expect(await ask(w, id, { type: 'get_state' })).toMatchObject({ response: { ok: true } });
      await new Promise((resolve) => setTimeout(resolve, 1000 / (RATE / 2)));
    }
    await closeAll([w]);
  });
});

describe('back-pressure while broadcasting', () => {
  const level = (i: number): AppEvent => ({ type: 'level', timestamp: i, rms: 0.1, peak: 0.2 });
  /**
   * Broadcasts `count` events in slices of about 40 KB, letting the sockets move between slices as
   * they would between a running dictation's events (this test process is also the clients).
   */
  async function broadcast(count: number, slice: number, make: (i: number) => AppEvent): Promise<void> {
    for (let i = 0; i < count; i++) {
      inject(make(i));
      if (i % slice === slice - 1) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('skips level events for a window that reads slowly, and still delivers the rest', async () => {
    const reader = await window();
    const slow = await window();
    const raw = rawSocket(slow);
    raw.pause(); // stops reading: the kernel buffers fill, then the app's
    const count = 120_000;
    await broadcast(count, 500, level);
    inject({ type: 'notice', timestamp: Date.now(), level: 'info', message: 'after the levels' });
    await waitFor(() => reader.messages.some((m) => m.kind === 'event' && isNotice(m.event)));
    expect(reader.messages.filter((m) => m.kind === 'event' && isLevel(m.event))).toHaveLength(count);
    raw.resume();
    await waitFor(() => slow.messages.some((m) => m.kind === 'event' && isNotice(m.event)), 30_000);
    const slowLevels = slow.messages.filter((m) => m.kind === 'event' && isLevel(m.event)).length;
    expect(slowLevels).toBeLessThan(count);
    expect(slow.socket.readyState).toBe(WebSocket.OPEN);
    await closeAll([reader, slow]);
  });

  it('drops a window that stops reading instead of growing the app memory', async () => {
    const reader = await window();
    const stuck = await window();
    rawSocket(stuck).pause();
    const text = 'x'.repeat(8 * 1024);
    // 2,500 notices of 8 KB: 20 MB, more than the kernel buffers and the 512 KB the app will hold.
    await broadcast(2500, 5, (i) => ({ type: 'notice', timestamp: i, level: 'info', message: text }));
    await waitFor(() => reader.messages.filter((m) => m.kind === 'event').length === 2500, 30_000);
    await waitFor(() => app.server.bridge.connections === 1);
    rawSocket(stuck).resume();
    expect(await stuck.closed).toBe(1006);
    expect(stuck.messages.filter((m) => m.kind === 'event').length).toBeLessThan(2500);
    expect(await ask(reader, 1, { type: 'settings_get' })).toMatchObject({ response: { ok: true } });
    await closeAll([reader]);
  });
});

/** The TCP socket under a ws client: pausing it stops reading, as a hung page would. */
function rawSocket(w: Window): Socket {
  return (w.socket as unknown as { _socket: Socket })._socket;
}

async function sleepUntil(time: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

function isLevel(event: unknown): boolean {
  return (event as { type?: string }).type === 'level';
}

function isNotice(event: unknown): boolean {
  return (event as { type?: string }).type === 'notice';
}

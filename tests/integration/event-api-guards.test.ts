import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { appPaths } from '../../src/services/app-paths.js';
import { dictationApiBackend } from '../../src/services/event-api/dictation-backend.js';
import {
  startEventApi,
  type EventApiBackend,
  type EventApiOptions,
  type EventApiServer,
} from '../../src/services/event-api/event-api-server.js';
import { createBridgeToken } from '../../src/services/local-server/token.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { AppError } from '../../src/shared/errors.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';
import { closedWithin, idleConnections, rawUpgrade } from '../helpers/raw-upgrade.js';
import { collectUncaught } from '../helpers/uncaught-trap.js';

// The local event API against hostile or careless local programs: refused connections that reset,
// DNS-rebinding pages, weak tokens (typed into settings.json), wrong tokens in a loop, idle sockets.
// The whole app runtime runs (engine, SQLite, settings) with the event API on and a one-word token in
// its settings file; further servers are started over the same runtime's dictation and engine.
const WEAK_TOKEN = 'hunter2';
let runtime: AppRuntime;
let appApiPort: number;
const servers: EventApiServer[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  const temp = makeTempDir('dictation-api-guards-');
  cleanups.push(temp.cleanup);
  const paths = appPaths(temp.dir);
  appApiPort = await freePort();
  writeFileSync(
    paths.settingsFile,
    JSON.stringify({
      speech: { model: fixtures.vocabOnlyModel, language: 'en', livePartials: false },
      integrations: { eventApiEnabled: true, eventApiPort: appApiPort, eventApiToken: WEAK_TOKEN },
    }),
  );
  const source = new PushSource();
  runtime = await createAppRuntime({
    paths,
    logger: silentLogger(),
    startEngineChannel: () => forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [],
    env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
    jobs: false,
  });
  await runtime.start();
});

afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
  await runtime?.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 });
  for (const cleanup of cleanups) cleanup();
});

async function serve(options: Partial<EventApiOptions> = {}): Promise<EventApiServer> {
  const server = await startEventApi({
    backend: dictationApiBackend(runtime.dictation, runtime.engine, '0.0.0-test'),
    port: 0,
    token: TOKEN,
    logger: silentLogger(),
    ...options,
  });
  servers.push(server);
  return server;
}

const TOKEN = createBridgeToken();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A WebSocket client (the ws package); resolves open, or with the HTTP status it was refused with. */
function connect(port: number, token: string, localAddress?: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${encodeURIComponent(token)}`, {
      ...(localAddress ? { localAddress } : {}),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(0));
  });
}

async function expectOpen(port: number, token: string): Promise<void> {
  const ws = await connect(port, token);
  expect(typeof ws).toBe('object');
  if (typeof ws === 'object') ws.close();
}

/** An HTTP request written by hand, so the Host header (or its absence) is exactly what is sent. */
function rawGet(port: number, lines: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(Number(text.split(' ')[1]));
      }
    });
    socket.on('error', reject);
  });
}

describe('refused connections', () => {
  it('a client that reads the refusal and resets the connection cannot crash the app', async () => {
    const api = await serve({ allowedOrigins: [] });
    const host = `127.0.0.1:${api.port}`;
    const cases = [
      { expect: 401, request: { path: '/events', host } },
      { expect: 401, request: { path: '/events?token=wrong', host } },
      { expect: 401, request: { path: '/events', host, authorization: 'Bearer wrong' } },
      { expect: 403, request: { path: `/events?token=${TOKEN}`, host, origin: 'https://evil.example' } },
      { expect: 421, request: { path: `/events?token=${TOKEN}`, host: `evil.example:${api.port}` } },
      { expect: 404, request: { path: '/other', host } },
    ];
    const seen: number[] = [];
    const uncaught = await collectUncaught(async () => {
      for (let round = 0; round < 5; round++) {
        // Each round from its own loopback address, so the wrong tokens stay under the back-off.
        const localAddress = `127.0.3.${round + 1}`;
        for (const c of cases) seen.push((await rawUpgrade(api.port, { ...c.request, localAddress })).status);
      }
    });
    expect(uncaught.map((error) => error.message)).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 5 }, () => cases.map((c) => c.expect)).flat());
    await expectOpen(api.port, TOKEN);
  });

  it('/health and the upgrade answer only requests addressed to this server by name (DNS rebinding)', async () => {
    const api = await serve();
    const get = (host: string | null, version = '1.1') =>
      rawGet(api.port, [`GET /health HTTP/${version}`, ...(host === null ? [] : [`Host: ${host}`])]);
    expect(await get(`127.0.0.1:${api.port}`)).toBe(200);
    expect(await get(`localhost:${api.port}`)).toBe(200);
    expect(await get(`LOCALHOST:${api.port}`)).toBe(200);
    expect(await get(`rebind.attacker.example:${api.port}`)).toBe(421);
    expect(await get('127.0.0.1')).toBe(421);
    expect(await get(`127.0.0.1:${api.port + 1}`)).toBe(421);
    expect(await get(null, '1.0')).toBe(421);
    const body = await (await fetch(`http://127.0.0.1:${api.port}/health`)).json();
    expect(body).toMatchObject({ version: 1, engine: 'ready', model: fixtures.vocabOnlyModel });
    const upgrade = { path: `/events?token=${TOKEN}`, host: `rebind.attacker.example:${api.port}` };
    expect((await rawUpgrade(api.port, upgrade)).status).toBe(421);
  });
});

describe('the token', () => {
  it('refuses to start the server with a short or patterned token', async () => {
    for (const token of ['a', WEAK_TOKEN, 'x'.repeat(31), 'ab'.repeat(20)]) {
      const error = (await serve({ token }).catch((e: unknown) => e)) as AppError;
      expect(error.kind).toBe('settings_invalid');
      expect(error.message).toMatch(/at least 32 random characters/);
      if (token.length > 3) expect(error.message).not.toContain(token);
    }
    const api = await serve({ token: 'k3J9-xQ2_mZ7pL4vB8nR1tY6wC0sD5fG' });
    await expectOpen(api.port, 'k3J9-xQ2_mZ7pL4vB8nR1tY6wC0sD5fG');
  });

  it('replaces a short token found in settings.json with a random one, says so, and never uses the old one', async () => {
    const warning = runtime.settings.warnings.find((w) => w.field === 'integrations.eventApiToken');
    expect(warning?.message).toMatch(/only 7 characters long; it must be at least 32 random characters/);
    expect(warning?.message).not.toContain(WEAK_TOKEN);
    const state = (await runtime.core.handle({ type: 'get_state' })) as {
      ok: true;
      payload: { settingsWarnings: { field?: string }[] };
    };
    expect(state.payload.settingsWarnings.map((w) => w.field)).toContain('integrations.eventApiToken');
    const token = runtime.settings.get().integrations.eventApiToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await connect(appApiPort, WEAK_TOKEN)).toBe(401);
    await expectOpen(appApiPort, token);
  });

  it('refuses a short token set through the settings API', async () => {
    // As the window sends it: through the edge where requests enter main.
    const response = await answerRawRequest(runtime.core, {
      type: 'settings_update',
      patch: { integrations: { eventApiToken: 'short' } },
    });
    expect(response).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(JSON.stringify(response)).toMatch(/at least 32 random characters/);
    expect(runtime.settings.get().integrations.eventApiToken).toHaveLength(43);
  });
});

describe('wrong tokens and idle sockets', () => {
  it('makes an address that keeps sending wrong tokens wait (429, doubling), others unaffected', async () => {
    const api = await serve({ throttle: { freeFailures: 3, baseDelayMs: 400, maxDelayMs: 1600 } });
    const from = '127.0.4.1';
    const host = `127.0.0.1:${api.port}`;
    const attempt = (token: string, bearer = false) =>
      rawUpgrade(api.port, {
        path: bearer ? '/events' : `/events?token=${encodeURIComponent(token)}`,
        host,
        localAddress: from,
        ...(bearer ? { authorization: `Bearer ${token}` } : {}),
      });
    for (let i = 0; i < 2; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    expect((await attempt('wrong-bearer', true)).status).toBe(401);
    expect((await attempt('wrong-3')).status).toBe(401);
    const started = Date.now();
    const blocked = await attempt(TOKEN, true);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    await expectOpen(api.port, TOKEN); // from 127.0.0.1
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 450 - Date.now())));
    expect((await attempt(TOKEN)).status).toBe(101);
    expect((await attempt('wrong-again')).status).toBe(401);
  });

  it('closes new connections at once while 128 sockets sit idle without a request', async () => {
    const api = await serve();
    const idle = await idleConnections(api.port, 128);
    const extra = (await idleConnections(api.port, 1))[0];
    if (!extra) throw new Error('unreachable');
    expect(await closedWithin(extra, 2000)).toBe(true);
    expect(idle.every((socket) => !socket.closed)).toBe(true);
    expect(await connect(api.port, TOKEN)).toBe(0);
    for (const socket of idle) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectOpen(api.port, TOKEN);
  });

  it('answers a connection that sends nothing with 408 and closes it once the request time is up', async () => {
    const api = await serve({ requestTimeoutMs: 1000 });
    const [idle] = await idleConnections(api.port, 1);
    if (!idle) throw new Error('unreachable');
    let answer = '';
    idle.on('data', (chunk) => (answer += chunk.toString('latin1')));
    const started = Date.now();
    expect(await closedWithin(idle, 5000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('leaves nothing subscribed to the app when its port is taken', async () => {
    const first = await serve();
    const real = dictationApiBackend(runtime.dictation, runtime.engine, '0.0.0-test');
    let subscribed = 0;
    const counted: EventApiBackend = {
      ...real,
      subscribe: (listener) => {
        subscribed += 1;
        const off = real.subscribe(listener);
        return () => {
          subscribed -= 1;
          off();
        };
      },
    };
    const options = { backend: counted, port: first.port, token: TOKEN, logger: silentLogger() };
    const error = (await startEventApi(options).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe('EADDRINUSE');
    expect(subscribed).toBe(0);
  });
});

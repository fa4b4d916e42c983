import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH } from '../../src/shared/app-ipc.js';
import { EVENT_API_PATH } from '../../src/shared/event-api.js';
import type { ChildMessage } from '../helpers/fuzz-app-child.js';
import { bridgeCases } from '../helpers/fuzz/bridge-cases.js';
import { eventApiCases } from '../helpers/fuzz/event-api-cases.js';
import { bridgeRules, eventApiRules } from '../helpers/fuzz/expectations.js';
import { runFuzz, type FuzzTally, type FuzzTarget } from '../helpers/fuzz/fuzz-runner.js';
import { projectRoot } from '../helpers/fixtures.js';

// The app protocol fuzzed through the loopback bridge (the real headless app: app runtime, engine,
// SQLite, settings) and the local event API over the same dictation and engine, with a fixed seed:
// valid types with wrong fields, mutated messages, random JSON, huge strings, deep nesting, binary
// frames, bad UTF-8, oversized messages, RFC 6455 garbage and bursts sent at once. Every message must
// get a typed error or a valid answer, or a close with the code documented for it (BRIDGE_CLOSE in
// src/shared/bridge-protocol.ts, the event API's in the README); afterwards the app still answers, and
// its memory (measured in the app's own process after a full GC) stays flat.
// The app runs in a child process (dist/tests/helpers/fuzz-app-child.js, built by build:node).
const SEED = 0x5eed_2026;
const BRIDGE_MESSAGES = 7000;
const EVENT_API_MESSAGES = 4000;
const childEntry = path.join(projectRoot, 'dist', 'tests', 'helpers', 'fuzz-app-child.js');

let child: ChildProcess;
let ready: Extract<ChildMessage, { type: 'ready' }>;
let bridge: FuzzTarget;
let eventApi: FuzzTarget;

function nextMessage<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the app exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function memory(): Promise<Extract<ChildMessage, { type: 'memory' }>> {
  const answer = nextMessage('memory');
  child.send({ type: 'memory' });
  return answer;
}

beforeAll(async () => {
  child = fork(childEntry, [JSON.stringify({ rate: 100_000 })], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  ready = await nextMessage('ready');
  const bridgeUrl = new URL(ready.bridge.url);
  bridgeUrl.searchParams.set('token', ready.bridge.token);
  bridge = {
    name: 'bridge',
    url: bridgeUrl.toString(),
    origin: ready.bridge.origin,
    port: Number(bridgeUrl.port),
    raw: {
      path: `${BRIDGE_PATH}?token=${ready.bridge.token}`,
      host: bridgeUrl.host,
      origin: ready.bridge.origin,
    },
    rules: bridgeRules,
  };
  const apiHost = `127.0.0.1:${ready.eventApi.port}`;
  eventApi = {
    name: 'event API',
    url: `ws://${apiHost}${EVENT_API_PATH}?token=${ready.eventApi.token}`,
    port: ready.eventApi.port,
    raw: { path: `${EVENT_API_PATH}?token=${ready.eventApi.token}`, host: apiHost },
    rules: eventApiRules,
  };
});

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ type: 'stop' });
  await exited;
});

/** A valid request on a new connection, answered correctly. */
async function stillServes(): Promise<void> {
  const bridgeSocket = new WebSocket(bridge.url, { origin: bridge.origin ?? '' });
  const settings = await new Promise<unknown>((resolve, reject) => {
    bridgeSocket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { kind: string; id?: number; response?: unknown };
      if (message.kind === 'hello')
        bridgeSocket.send(JSON.stringify({ kind: 'request', id: 1, request: { type: 'settings_get' } }));
      if (message.kind === 'response' && message.id === 1) resolve(message.response);
    });
    bridgeSocket.on('error', reject);
  });
  expect(settings).toMatchObject({ ok: true, payload: { settings: { speech: { language: 'en' } } } });
  bridgeSocket.close();
  const apiSocket = new WebSocket(eventApi.url);
  const status = await new Promise<unknown>((resolve, reject) => {
    apiSocket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'hello') apiSocket.send(JSON.stringify({ type: 'status', id: 'after' }));
      if (message.type === 'reply' && message.id === 'after') resolve(message);
    });
    apiSocket.on('error', reject);
  });
  expect(status).toMatchObject({ ok: true, status: { version: 1, engine: 'ready' } });
  apiSocket.close();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function merge(a: FuzzTally, b: FuzzTally): FuzzTally {
  const outcomes = { ...a.outcomes };
  for (const [outcome, n] of Object.entries(b.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
  return {
    cases: a.cases + b.cases,
    messages: a.messages + b.messages,
    outcomes,
    failures: [...a.failures, ...b.failures],
    connections: a.connections + b.connections,
  };
}

/** Both servers at once, four connections each. */
async function fuzzBoth(seed: number, share: number): Promise<{ bridge: FuzzTally; eventApi: FuzzTally }> {
  const [bridgeTally, apiTally] = await Promise.all([
    runFuzz(bridge, bridgeCases(seed, BRIDGE_MESSAGES * share), 4),
    runFuzz(eventApi, eventApiCases(seed, EVENT_API_MESSAGES * share), 4),
  ]);
  return { bridge: bridgeTally, eventApi: apiTally };
}

function report(name: string, tally: FuzzTally): string {
  const outcomes = Object.entries(tally.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `    ${String(n).padStart(6)}  ${outcome}`)
    .join('\n');
  return `  ${name}: ${tally.messages} messages in ${tally.cases} cases over ${tally.connections} connections\n${outcomes}`;
}

it(`answers ${BRIDGE_MESSAGES + EVENT_API_MESSAGES} fuzzed messages (seed ${SEED}) and stays up with flat memory`, async () => {
  const began = performance.now();
  const start = await memory();
  const first = await fuzzBoth(SEED, 0.5);
  const half = await memory();
  const second = await fuzzBoth(SEED + 1, 0.5);
  await stillServes();
  const end = await memory();
  const seconds = (performance.now() - began) / 1000;

  const bridgeTally = merge(first.bridge, second.bridge);
  const apiTally = merge(first.eventApi, second.eventApi);
  const row = (name: string, pick: (m: typeof start) => number) =>
    `  app ${name}: ${mb(pick(start))} at start, ${mb(pick(half))} after the first half, ${mb(pick(end))} after the second`;
  const figures = [
    `protocol fuzz, seed ${SEED}: ${bridgeTally.messages + apiTally.messages} messages in ${seconds.toFixed(1)} s`,
    report('bridge', bridgeTally),
    report('event API', apiTally),
    row('RSS', (m) => m.rss),
    row('heap used', (m) => m.heapUsed),
    row('heap total', (m) => m.heapTotal),
    `  app log: ${mb(end.logBytes)}`,
  ].join('\n');
  process.stdout.write(`${figures}\n`);

  expect([...bridgeTally.failures, ...apiTally.failures]).toEqual([]);
  expect(bridgeTally.messages).toBeGreaterThanOrEqual(BRIDGE_MESSAGES);
  expect(apiTally.messages).toBeGreaterThanOrEqual(EVENT_API_MESSAGES);
  // What the app holds after a full GC, and its resident memory, must not grow in the second half (the
  // first half warms caches, JIT code and SQLite's pages).
  expect(end.heapUsed - half.heapUsed).toBeLessThan(8 * 1024 * 1024);
  expect(end.rss - half.rss).toBeLessThan(16 * 1024 * 1024);
});

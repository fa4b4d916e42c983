import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { DictationController } from '../../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { dictationApiBackend } from '../../src/services/event-api/dictation-backend.js';
import { startEventApi, type EventApiServer } from '../../src/services/event-api/event-api-server.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { EventApiMessage } from '../../src/shared/event-api.js';
import { fixtures } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';

const TOKEN = 'test-token-0123456789abcdef-0123456789abcdef';
const SR = 16000;

interface Client {
  ws: WebSocket;
  messages: EventApiMessage[];
  closed: Promise<{ code: number; reason: string }>;
}

/** A real WebSocket client (the ws package), as OBS scripts or other programs would use. */
function connect(
  port: number,
  query = `token=${TOKEN}`,
  headers: Record<string, string> = {},
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events?${query}`, { headers });
    const messages: EventApiMessage[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as EventApiMessage));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const waitFor = async (check: () => boolean, timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('local event API (WebSocket on 127.0.0.1)', () => {
  let host: EngineHost;
  let controller: DictationController;
  let api: EventApiServer;
  const source = new PushSource();

  beforeAll(async () => {
    host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'api-test',
      logger: silentLogger(),
    });
    await host.start();
    await host.loadModel(fixtures.microModel);
    await host.listen({ vadModelPath: fixtures.sileroVad, options: { language: 'en' } });
    controller = new DictationController({
      engine: host,
      createSource: () => source,
      deliver: () => Promise.reject(new Error('no desktop in this test: delivery is not part of the API')),
      logger: silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    await controller.arm();
    api = await startEventApi({
      backend: dictationApiBackend(controller, host, '0.0.0-test'),
      port: 0,
      token: TOKEN,
      logger: silentLogger(),
      ratePerSecond: 10,
    });
  });

  afterAll(async () => {
    await api?.close();
    await controller?.dispose();
    await host?.stop();
  });

  it('streams state and transcript events in order, and takes start/stop commands', async () => {
    const client = await connect(api.port);
    expect(client.messages[0]?.type).toBe('hello');
    source.push(new Float32Array(SR));
    client.ws.send(JSON.stringify({ type: 'start', id: 'a' }));
    await waitFor(() => client.messages.some((m) => m.type === 'reply' && m.id === 'a'));
    source.push((await readAudioFile(fixtures.jfkWav)).subarray(0, 2.6 * SR));
    client.ws.send(JSON.stringify({ type: 'stop', id: 'b' }));
    await waitFor(() => client.messages.some((m) => m.type === 'transcript' && m.isFinal));
    const kinds = client.messages
      .filter((m) => m.type === 'state' || m.type === 'transcript')
      .map((m) => (m.type === 'state' ? m.status.phase : `transcript:${String(m.isFinal)}`));
    expect(kinds.slice(0, 3)).toEqual(['recording', 'transcribing', 'transcript:true']);
    const stamps = client.messages.map((m) => m.timestamp);
    expect([...stamps].sort((x, y) => x - y)).toEqual(stamps);
    client.ws.close();
  });

  it('answers /health with version, engine state, model and clients', async () => {
    const res = await fetch(`http://127.0.0.1:${api.port}/health`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ version: 1, engine: 'ready', model: fixtures.microModel });
  });

  it('refuses a missing or wrong token and a foreign Origin', async () => {
    await expect(connect(api.port, '')).rejects.toThrow('HTTP 401');
    await expect(connect(api.port, 'token=nope')).rejects.toThrow('HTTP 401');
    await expect(connect(api.port, `token=${TOKEN}`, { Origin: 'https://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('refuses oversize, malformed and flooding clients without affecting the others', async () => {
    const bystander = await connect(api.port);
    const big = await connect(api.port);
    big.ws.send('x'.repeat(10_000));
    expect((await big.closed).code).toBe(1009);

    const malformed = await connect(api.port);
    malformed.ws.send('{not json');
    malformed.ws.send(JSON.stringify({ type: 'format_disk', id: 'm' }));
    await waitFor(() => malformed.messages.filter((m) => m.type === 'reply').length === 2);
    expect(
      malformed.messages.filter((m) => m.type === 'reply').every((m) => m.type === 'reply' && !m.ok),
    ).toBe(true);

    const flooder = await connect(api.port);
    for (let i = 0; i < 200; i++) flooder.ws.send(JSON.stringify({ type: 'status' }));
    expect((await flooder.closed).code).toBe(1013);

    bystander.ws.send(JSON.stringify({ type: 'status', id: 'still-here' }));
    await waitFor(() => bystander.messages.some((m) => m.type === 'reply' && m.id === 'still-here' && m.ok));
    bystander.ws.close();
    malformed.ws.close();
  });

  it('serves 100 clients at once, each receiving the broadcast', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => connect(api.port)));
    expect(api.clients).toBeGreaterThanOrEqual(100);
    source.push(new Float32Array(SR));
    await controller.start('api');
    await waitFor(() =>
      clients.every((c) => c.messages.some((m) => m.type === 'state' && m.status.phase === 'recording')),
    );
    await controller.cancel();
    for (const c of clients) c.ws.close();
    await waitFor(() => api.clients === 0, 5000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { OpenAiTranscriptionClient } from '../../src/services/remote-engines/openai-transcription-client.js';
import type { AppError } from '../../src/shared/errors.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-servers.js';
import { fixtures } from '../helpers/fixtures.js';
import {
  freeLoopbackPort,
  startWhisperServer,
  type RunningWhisperServer,
} from '../helpers/whisper-server.js';

// Two real whisper.cpp servers (built from the vendored source) and real misbehaving HTTP(S) servers
// on loopback; nothing is mocked.
let servers: RunningWhisperServer[] = [];
const faulty: FaultyServer[] = [];
let speech: Float32Array;

beforeAll(async () => {
  servers = await Promise.all(
    [0, 1].map(() => startWhisperServer({ model: fixtures.microModel, threads: 1 })),
  );
  // micro-en takes at most 6 s: the first 5.5 s of jfk.wav.
  speech = (await readAudioFile(fixtures.jfkWav)).subarray(0, 88_000);
}, 600_000);
afterAll(async () => {
  await Promise.all([...servers.map((s) => s.stop()), ...faulty.map((f) => f.close())]);
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the request to fail');
}

describe('OpenAI-compatible remote engine client', () => {
  it('gets segments with times from both servers, and the same text from each', async () => {
    const results = await Promise.all(
      servers.map((server, i) =>
        new OpenAiTranscriptionClient({
          name: `server ${i}`,
          baseUrl: server.baseUrl,
          model: 'whisper-1',
        }).transcribe({
          samples: speech,
          language: 'en',
        }),
      ),
    );
    for (const result of results) {
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.segments.length).toBeGreaterThan(0);
      expect(result.audioMs).toBe(5500);
      for (const s of result.segments) {
        expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
        expect(s.endMs).toBeLessThanOrEqual(5500);
      }
    }
    expect(results[0]?.text).toBe(results[1]?.text);
  });

  it('says a whisper-server without /models is up after a tiny request', async () => {
    const client = new OpenAiTranscriptionClient({ name: 'a', baseUrl: servers[0]!.baseUrl, model: 'm' });
    const health = await client.checkHealth();
    expect(health.error).toBeUndefined();
    expect(health.up).toBe(true);
  });

  it('a refused connection is remote_refused, and the health check says down', async () => {
    const port = await freeLoopbackPort();
    const client = new OpenAiTranscriptionClient({
      name: 'gone',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'm',
    });
    const error = await failure(client.transcribe({ samples: speech }));
    expect(error.kind).toBe('remote_refused');
    expect(error.message).toContain('ECONNREFUSED');
    const health = await client.checkHealth();
    expect(health.up).toBe(false);
    expect(health.error?.kind).toBe('remote_refused');
  });

  it.each([
    ['garbage', 'remote_bad_reply', /not JSON/],
    ['wrong_json', 'remote_bad_reply', /text/],
    ['http_500', 'remote_failed', /HTTP 500.*CUDA out of memory/],
    [
      'bad_tls',
      'remote_tls',
      /certificate is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
    ],
  ] as const)('a %s server gives %s', async (fault, kind, message) => {
    const server = await startFaultyServer(fault);
    faulty.push(server);
    const client = new OpenAiTranscriptionClient({ name: fault, baseUrl: server.baseUrl, model: 'm' });
    const error = await failure(client.transcribe({ samples: speech }));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('an answer later than the deadline is remote_timeout, on time', async () => {
    const server = await startFaultyServer('slow', 30_000);
    faulty.push(server);
    const client = new OpenAiTranscriptionClient(
      { name: 'slow', baseUrl: server.baseUrl, model: 'm' },
      { timeoutMs: 800 },
    );
    const started = Date.now();
    const error = await failure(client.transcribe({ samples: speech }));
    expect(error.kind).toBe('remote_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a cancelled request is aborted, not a timeout', async () => {
    const server = await startFaultyServer('slow', 30_000);
    faulty.push(server);
    const client = new OpenAiTranscriptionClient({ name: 'slow', baseUrl: server.baseUrl, model: 'm' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await failure(client.transcribe({ samples: speech, signal: controller.signal }));
    expect(error.kind).toBe('aborted');
  });
});

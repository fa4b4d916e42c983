import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../helpers/fixtures.js';
import { INFERENCE_PATH, startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// whisper.cpp's own whisper-server, built from the vendored source (a few minutes the first time),
// answering the OpenAI transcription route the way remote engines call it. Nothing is mocked.
let server: RunningWhisperServer;

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel });
}, 600_000);
afterAll(async () => {
  await server?.stop();
});

function transcriptionRequest(responseFormat: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(fixtures.jfkWav)], { type: 'audio/wav' }), 'jfk.wav');
  form.append('response_format', responseFormat);
  form.append('language', 'en');
  return form;
}

describe('whisper-server from the vendored whisper.cpp', () => {
  it('listens on a loopback port and says it is healthy', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);
  });

  it('transcribes jfk.wav posted to /v1/audio/transcriptions, with segments in verbose_json', async () => {
    const response = await fetch(`${server.origin}${INFERENCE_PATH}`, {
      method: 'POST',
      body: transcriptionRequest('verbose_json'),
    });
    expect(response.status, server.output().slice(-1000)).toBe(200);
    const body = (await response.json()) as {
      text: string;
      segments: { start: number; end: number; text: string }[];
    };
    // micro-en is not accurate (see the fixtures README): real text, never the exact words.
    expect(body.text.trim().length).toBeGreaterThan(0);
    expect(body.segments.length).toBeGreaterThan(0);
    for (const segment of body.segments) expect(segment.end).toBeGreaterThanOrEqual(segment.start);
  });

  it('stops when asked', async () => {
    const other = await startWhisperServer({ model: fixtures.vocabOnlyModel });
    await other.stop();
    await expect(fetch(`${other.origin}/health`)).rejects.toThrow();
  });
});

import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { encodePcm16Wav } from '../../src/audio/wav-header.js';
import { createBridgeToken } from '../../src/services/local-server/token.js';
import { serveRefuses, startDictationServe, type RunningDictationServe } from '../helpers/dictation-serve.js';
import { fixtures } from '../helpers/fixtures.js';

// `dictation serve` as a real process (dist/, run `npm run build` first) with the real engine and
// micro-en, called by the official `openai` npm package and by plain fetch for the error shapes.
let serve: RunningDictationServe;
let guarded: RunningDictationServe;
let clip: Buffer;
const token = createBridgeToken();

beforeAll(async () => {
  // micro-en takes at most 6 s of audio: the first 5.5 s of jfk.wav.
  clip = encodePcm16Wav((await readAudioFile(fixtures.jfkWav)).subarray(0, 88_000));
  [serve, guarded] = await Promise.all([
    startDictationServe([
      '--model',
      fixtures.microModel,
      '--port',
      '0',
      '--max-upload-mb',
      '1',
      '--no-temperature-fallback',
    ]),
    startDictationServe(['--model', fixtures.microModel, '--port', '0', '--token', token]),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([serve?.stop(), guarded?.stop()]);
});

function post(server: RunningDictationServe, form: FormData, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/audio/transcriptions`, { method: 'POST', body: form, headers });
}

function form(file: Blob | null, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  if (file) body.append('file', file, 'clip.wav');
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
}

async function openAiError(response: Response) {
  const body = (await response.json()) as {
    error: { message: string; type: string; code: string | null; param: string | null };
  };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('dictation serve, called by the official openai client', () => {
  it('lists its model', async () => {
    const client = new OpenAI({ baseURL: serve.baseUrl, apiKey: 'unused-on-loopback' });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['micro-en']);
  });

  it('transcribes to verbose_json with segments and times', async () => {
    const client = new OpenAI({ baseURL: serve.baseUrl, apiKey: 'unused-on-loopback' });
    const result = await client.audio.transcriptions.create({
      file: await toFile(clip, 'clip.wav', { type: 'audio/wav' }),
      model: 'micro-en',
      response_format: 'verbose_json',
      language: 'en',
    });
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(result.duration).toBeCloseTo(5.5, 1);
    expect(result.segments?.length).toBeGreaterThan(0);
    for (const segment of result.segments ?? []) {
      expect(segment.end).toBeGreaterThanOrEqual(segment.start);
      expect(segment.end).toBeLessThanOrEqual(5.6);
    }
  });

  it('answers json, text and vtt, with whisper-1 meaning its model', async () => {
    const client = new OpenAI({ baseURL: serve.baseUrl, apiKey: 'x' });
    const file = () => toFile(clip, 'clip.wav', { type: 'audio/wav' });
    const json = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
    const text = await client.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'text',
    });
    const vtt = await client.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'vtt',
    });
    expect(json.text.length).toBeGreaterThan(0);
    expect(String(text).trim()).toBe(json.text);
    expect(String(vtt)).toMatch(/^WEBVTT\n\n1\n00:00:0\d\.\d{3} --> /);
  });

  it('an unknown model is a 404 with code model_not_found, through the client as NotFoundError', async () => {
    const client = new OpenAI({ baseURL: serve.baseUrl, apiKey: 'x', maxRetries: 0 });
    const error = await client.audio.transcriptions
      .create({ file: await toFile(clip, 'clip.wav'), model: 'large-v9' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('no file is a 400 invalid_request_error naming the file parameter', async () => {
    const response = await post(serve, form(null, { model: 'whisper-1' }));
    expect(response.status).toBe(400);
    const error = await openAiError(response);
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe('file');
  });

  it('a file that is not audio is a 400 invalid_file_format', async () => {
    const notAudio = new Blob([Buffer.from('%PDF-1.4 this is a document, not audio '.repeat(200))], {
      type: 'application/pdf',
    });
    const response = await post(serve, form(notAudio, { model: 'whisper-1' }));
    expect(response.status).toBe(400);
    const error = await openAiError(response);
    expect(error.code).toBe('invalid_file_format');
  });

  it('an upload over the limit is a 413 file_too_large', async () => {
    const big = new Blob([new Uint8Array(2 * 1024 * 1024)], { type: 'audio/wav' });
    const response = await post(serve, form(big, { model: 'whisper-1' }));
    expect(response.status).toBe(413);
    expect((await openAiError(response)).code).toBe('file_too_large');
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const response = await fetch(`${serve.baseUrl}/chat/completions`, { method: 'POST' });
    expect(response.status).toBe(404);
    await openAiError(response);
  });

  it('refuses a request that names another host (DNS rebinding)', async () => {
    // fetch will not send another Host header; node:http will.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${serve.baseUrl}/models`,
        { headers: { host: `evil.example:${serve.port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('with a token: the client with the key is served, a wrong key is a 401 AuthenticationError', async () => {
    const good = new OpenAI({ baseURL: guarded.baseUrl, apiKey: token });
    expect((await good.models.list()).data).toHaveLength(1);
    const bad = new OpenAI({ baseURL: guarded.baseUrl, apiKey: 'wrong', maxRetries: 0 });
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('will not listen on another interface without a strong token', async () => {
    const open = await serveRefuses(['--model', fixtures.microModel, '--host', '0.0.0.0', '--port', '0']);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/needs a token of at least 32 random characters/);
    const weak = await serveRefuses([
      '--model',
      fixtures.microModel,
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--token',
      'a'.repeat(40),
    ]);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/repeats 1 characters/);
  });

  it('a missing model file or an unknown model name on the command line is refused with a hint', async () => {
    const missing = path.join(os.tmpdir(), `no-such-model-${process.pid}`);
    const file = await serveRefuses(['--model', missing]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain(`dictation serve: Model file not found: ${missing}`);
    // A name is looked up among the installed models, as transcribe and listen do.
    const name = await serveRefuses(['--model', 'no-such-model']);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/The model "no-such-model" is not installed .*dictation models list/);
  });
});

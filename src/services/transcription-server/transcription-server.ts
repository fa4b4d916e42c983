import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serializeError } from '../../shared/errors.js';
import { exportTranscript } from '../../shared/exports/index.js';
import { weakTokenProblem } from '../../shared/event-api-token.js';
import { AppError } from '../../shared/errors.js';
import { transcriptText, type Transcript } from '../../shared/transcript.js';
import type { Logger } from '../logging/logger.js';
import { AuthThrottle, type AuthThrottleOptions } from '../local-server/auth-throttle.js';
import { isAllowedHost, isLoopbackAddress, loopbackHosts } from '../local-server/loopback.js';
import { tokensMatch } from '../local-server/token.js';
import { readUpload } from './multipart-upload.js';
import {
  badToken,
  notAudio,
  notFound,
  noModel,
  OpenAiHttpError,
  sendOpenAiError,
  unknownModel,
  type OpenAiError,
} from './openai-errors.js';
import type { ServedModel, ServerTranscriber } from './resident-transcriber.js';

export interface TranscriptionServerOptions {
  transcriber: ServerTranscriber;
  /** 127.0.0.1 unless said; any other address needs a token. */
  host?: string;
  port?: number;
  token?: string | undefined;
  /** Whisper's temperature fallback, unless a request sends temperature_inc=0 (default on). */
  temperatureFallback?: boolean;
  /** Largest request body (default 25 MB, as OpenAI's API). */
  maxUploadBytes?: number;
  throttle?: AuthThrottleOptions;
  logger: Logger;
}

export interface TranscriptionServer {
  readonly port: number;
  readonly host: string;
  /** http://host:port/v1, the base URL clients are given. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

const RESPONSE_FORMATS = ['json', 'verbose_json', 'text', 'srt', 'vtt'] as const;
type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/** The model id clients most often send by default; it means the server's first model. */
const DEFAULT_ALIAS = 'whisper-1';

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * Our engine as an OpenAI-compatible transcription server: POST /v1/audio/transcriptions (multipart,
 * response_format json / verbose_json / text / srt / vtt) and GET /v1/models. Loopback by default, with
 * the Host header checked (a DNS-rebinding page is refused); any other interface only with a strong
 * token, sent as "Authorization: Bearer", wrong tokens throttled per address.
 */
export async function startTranscriptionServer(
  options: TranscriptionServerOptions,
): Promise<TranscriptionServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const token = options.token;
  if (token !== undefined) {
    const weak = weakTokenProblem(token, 'The server token');
    if (weak)
      throw new AppError('settings_invalid', weak, { hint: 'Generate one with: openssl rand -base64 32' });
  } else if (!loopback) {
    throw new AppError(
      'settings_invalid',
      `Serving on ${host} (not loopback) needs a token of at least 32 random characters.`,
      {
        hint: 'Pass --token (e.g. from: openssl rand -base64 32), or leave --host at 127.0.0.1.',
      },
    );
  }
  const maxUploadBytes = options.maxUploadBytes ?? 25 * 1024 * 1024;
  const throttle = new AuthThrottle(options.throttle);
  const logger = options.logger.child({ component: 'transcription-server' });
  const { transcriber } = options;
  let port = 0;

  function findModel(id: string | undefined): ServedModel {
    const first = transcriber.models[0];
    if (!first) throw new OpenAiHttpError(noModel);
    if (id === undefined || id === '' || id === DEFAULT_ALIAS) return first;
    const model = transcriber.models.find((m) => m.id === id);
    if (!model)
      throw new OpenAiHttpError(unknownModel(id, [...transcriber.models.map((m) => m.id), DEFAULT_ALIAS]));
    return model;
  }

  /** Host check on loopback; then the token, if there is one. */
  function admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (loopback && !isAllowedHost(req.headers.host, [...loopbackHosts(port), `[::1]:${port}`])) {
      sendOpenAiError(res, { status: 421, message: 'Wrong Host header.', type: 'invalid_request_error' });
      return false;
    }
    if (token === undefined) return true;
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.waitMs(address);
    if (wait > 0) {
      sendOpenAiError(
        res,
        { status: 429, message: 'Too many wrong API keys; wait and try again.', type: 'rate_limit_error' },
        { 'retry-after': String(Math.ceil(wait / 1000)) },
      );
      return false;
    }
    const header = req.headers.authorization ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!tokensMatch(token, given)) {
      throttle.failed(address);
      logger.warn({ event: 'serve_bad_token', address }, 'request with a missing or wrong API key');
      sendOpenAiError(res, badToken);
      return false;
    }
    throttle.succeeded(address);
    return true;
  }

  async function transcribe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const upload = await readUpload(req, maxUploadBytes);
    const model = findModel(upload.fields.get('model'));
    const format = (upload.fields.get('response_format') ?? 'json') as ResponseFormat;
    if (!RESPONSE_FORMATS.includes(format)) {
      throw new OpenAiHttpError({
        status: 400,
        message: `response_format must be one of ${RESPONSE_FORMATS.join(', ')}.`,
        type: 'invalid_request_error',
        param: 'response_format',
      });
    }
    const language = upload.fields.get('language');
    if (language !== undefined && language !== '' && !/^[a-z]{2,3}$/.test(language)) {
      throw new OpenAiHttpError({
        status: 400,
        message: 'language must be an ISO-639-1 code such as "en".',
        type: 'invalid_request_error',
        param: 'language',
      });
    }
    const started = Date.now();
    let transcript: Transcript;
    try {
      transcript = await transcriber.transcribe(model, new Uint8Array(await upload.file.arrayBuffer()), {
        language: language || 'auto',
        initialPrompt: (upload.fields.get('prompt') ?? '').slice(0, 2000),
        temperatureFallback:
          options.temperatureFallback !== false && upload.fields.get('temperature_inc') !== '0',
      });
    } catch (error) {
      throw engineError(error);
    }
    logger.info(
      {
        event: 'serve_transcribed',
        model: model.id,
        audioMs: Math.round(transcript.audioMs),
        ms: Date.now() - started,
      },
      'transcribed a request',
    );
    send(res, format, transcript);
  }

  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://server');
      try {
        if (!admit(req, res)) return;
        if (req.method === 'GET' && url.pathname === '/health') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        } else if (req.method === 'GET' && url.pathname === '/v1/models') {
          const data = transcriber.models.map((m) => ({
            id: m.id,
            object: 'model',
            created: 0,
            owned_by: 'dictation',
          }));
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ object: 'list', data }));
        } else if (req.method === 'POST' && url.pathname === '/v1/audio/transcriptions') {
          await transcribe(req, res);
        } else {
          req.resume();
          sendOpenAiError(res, notFound(`${req.method ?? '?'} ${url.pathname}`));
        }
      } catch (error) {
        const openAi = error instanceof OpenAiHttpError ? error.error : internalError(error);
        if (openAi.status >= 500)
          logger.error({ error: serializeError(error) }, 'transcription request failed');
        sendOpenAiError(res, openAi);
        if (openAi.status === 413) discardRest(req, maxUploadBytes * 4);
      }
    })();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  logger.info({ host, port, token: token !== undefined }, 'transcription server listening');
  return {
    port,
    host,
    baseUrl: `http://${shownHost}:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The rest of an oversize upload is read and dropped (up to `limit` more bytes, then the connection is
 * closed), so the client, still sending, gets to read the 413 instead of a broken pipe.
 */
function discardRest(req: IncomingMessage, limit: number): void {
  let dropped = 0;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.socket.destroy();
  });
  req.resume();
}

function send(res: ServerResponse, format: ResponseFormat, transcript: Transcript): void {
  const text = transcriptText(transcript.segments);
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    const body = format === 'text' ? `${text}\n` : exportTranscript(format, transcript.segments);
    const type = format === 'vtt' ? 'text/vtt' : 'text/plain';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
    return;
  }
  const body =
    format === 'json'
      ? { text }
      : {
          task: 'transcribe',
          language: transcript.language,
          duration: transcript.audioMs / 1000,
          text,
          segments: transcript.segments.map((s, id) => ({
            id,
            start: s.startMs / 1000,
            end: s.endMs / 1000,
            text: s.text,
            ...(s.noSpeechProb === undefined ? {} : { no_speech_prob: s.noSpeechProb }),
          })),
        };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const NOT_AUDIO = new Set(['audio_unsupported', 'audio_corrupt', 'audio_empty', 'decoder_missing']);

function engineError(error: unknown): OpenAiHttpError {
  if (error instanceof OpenAiHttpError) return error;
  const serialized = serializeError(error);
  if (NOT_AUDIO.has(serialized.kind))
    return new OpenAiHttpError(notAudio(serialized.message.replace(/^.*?upload-\d+: /, '')));
  if (serialized.kind === 'audio_too_long')
    return new OpenAiHttpError({
      status: 400,
      message: serialized.message,
      type: 'invalid_request_error',
      param: 'file',
    });
  if (serialized.kind === 'busy')
    return new OpenAiHttpError({ status: 429, message: serialized.message, type: 'rate_limit_error' });
  return new OpenAiHttpError(internalError(error));
}

function internalError(error: unknown): OpenAiError {
  return {
    status: 500,
    message: `Transcription failed: ${serializeError(error).message}`,
    type: 'server_error',
  };
}

import { pcm16WavHeader } from '../../audio/wav-header.js';
import { samplesToMs } from '../../shared/audio.js';
import type { AppError } from '../../shared/errors.js';
import type { Segment } from '../../shared/transcript.js';
import { badReply, networkError, statusError } from './remote-errors.js';
import { languageCode, replySegments, VerboseTranscription } from './transcription-reply.js';

export interface RemoteEndpoint {
  name: string;
  /** e.g. http://127.0.0.1:8080/v1 (a trailing slash is fine). */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /**
   * More form fields sent with every request, for a server's own decoding options (whisper.cpp's
   * server takes e.g. suppress_nst, best_of, temperature_inc); OpenAI's API may refuse unknown ones.
   */
  extraFields?: Readonly<Record<string, string>> | undefined;
}

export interface RemoteTranscribeRequest {
  /** 16 kHz mono float samples (sent as a 16-bit PCM WAV). */
  samples: Float32Array;
  language?: string;
  translate?: boolean;
  prompt?: string;
  /** False asks for no temperature fallback (temperature_inc 0, understood by whisper.cpp's server). */
  temperatureFallback?: boolean | undefined;
  /** The whole request, upload and answer included (default: the client's). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RemoteTranscript {
  segments: Segment[];
  text: string;
  language: string;
  audioMs: number;
  elapsedMs: number;
}

export interface RemoteHealth {
  up: boolean;
  /** Models from GET {base}/models, when the server has that route. */
  models?: string[];
  error?: AppError;
}

export interface RemoteClientOptions {
  /** Default per-request deadline (default 120 s). */
  timeoutMs?: number;
  /** Deadline of a health check (default 5 s). */
  healthTimeoutMs?: number;
}

/**
 * 16-bit PCM that decodes back to the same floats the local engine sees (x 32768 both ways, as
 * whisper.cpp's reader divides), so a remote engine with the same model gives the same text.
 */
function exactPcm16Wav(samples: Float32Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round((samples[i] ?? 0) * 32768))), i * 2);
  }
  return Buffer.concat([pcm16WavHeader(data.length), data]);
}

/** 0.25 s of silence: the "tiny request" that checks a server without a /models route. */
const PROBE_SAMPLES = new Float32Array(4000);

/**
 * A client of one OpenAI-compatible transcription server: POST {base}/audio/transcriptions
 * (multipart, response_format verbose_json) and GET {base}/models. Every failure is a typed AppError:
 * remote_refused, remote_tls, remote_timeout, remote_failed (5xx), remote_auth, remote_rejected,
 * remote_bad_reply.
 */
export class OpenAiTranscriptionClient {
  readonly timeoutMs: number;
  private readonly healthTimeoutMs: number;
  private readonly base: string;

  constructor(
    readonly endpoint: RemoteEndpoint,
    options: RemoteClientOptions = {},
  ) {
    this.base = endpoint.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 5000;
  }

  get name(): string {
    return this.endpoint.name;
  }

  async transcribe(request: RemoteTranscribeRequest): Promise<RemoteTranscript> {
    const started = Date.now();
    const route = request.translate ? 'translations' : 'transcriptions';
    const url = `${this.base}/audio/${route}`;
    const audioMs = samplesToMs(request.samples.length);
    const form = new FormData();
    const wav = exactPcm16Wav(request.samples);
    form.append('file', new Blob([new Uint8Array(wav)], { type: 'audio/wav' }), 'audio.wav');
    form.append('model', this.endpoint.model);
    form.append('response_format', 'verbose_json');
    form.append('temperature', '0');
    form.append('timestamp_granularities[]', 'segment');
    if (request.language && request.language !== 'auto' && !request.translate)
      form.append('language', request.language);
    if (request.prompt) form.append('prompt', request.prompt);
    if (request.temperatureFallback === false) form.append('temperature_inc', '0');
    for (const [key, value] of Object.entries(this.endpoint.extraFields ?? {})) form.set(key, value);
    const body = await this.call(
      url,
      { method: 'POST', body: form },
      request.timeoutMs ?? this.timeoutMs,
      request.signal,
    );
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw badReply(this.name, url, 'not JSON', body);
    }
    const parsed = VerboseTranscription.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badReply(
        this.name,
        url,
        `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
        body,
      );
    }
    const segments = replySegments(parsed.data, audioMs);
    return {
      segments,
      text: parsed.data.text.trim(),
      language:
        languageCode(parsed.data.language) || (request.language !== 'auto' ? (request.language ?? '') : ''),
      audioMs,
      elapsedMs: Date.now() - started,
    };
  }

  /** GET {base}/models where it exists; else (404) a tiny transcription request. */
  async checkHealth(): Promise<RemoteHealth> {
    const url = `${this.base}/models`;
    try {
      const body = await this.call(url, { method: 'GET' }, this.healthTimeoutMs);
      const json = JSON.parse(body) as { data?: { id?: unknown }[] };
      if (!Array.isArray(json.data)) throw badReply(this.name, url, 'no "data" list of models', body);
      return { up: true, models: json.data.map((m) => String(m.id ?? '')).filter(Boolean) };
    } catch (error) {
      if (error instanceof SyntaxError) return { up: false, error: badReply(this.name, url, 'not JSON', '') };
      const kind = (error as AppError).kind;
      if (kind !== 'remote_rejected') return { up: false, error: error as AppError };
    }
    try {
      await this.transcribe({ samples: PROBE_SAMPLES, language: 'en', timeoutMs: this.healthTimeoutMs * 4 });
      return { up: true };
    } catch (error) {
      return { up: false, error: error as AppError };
    }
  }

  private async call(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<string> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.endpoint.apiKey) headers.authorization = `Bearer ${this.endpoint.apiKey}`;
    const why = () => ({ timedOut: timeout.signal.aborted, timeoutMs, aborted: signal?.aborted ?? false });
    try {
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers, signal: combined });
      } catch (error) {
        throw networkError(error, this.name, url, why());
      }
      let body: string;
      try {
        body = await response.text();
      } catch (error) {
        throw networkError(error, this.name, url, why());
      }
      if (!response.ok) throw statusError(response.status, body, this.name, url);
      return body;
    } finally {
      clearTimeout(timer);
    }
  }
}

import type { ServerResponse } from 'node:http';

/** The OpenAI API's error body: {"error": {"message", "type", "param", "code"}}. */
export interface OpenAiError {
  status: number;
  message: string;
  type: 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error';
  param?: string | null;
  code?: string | null;
}

export class OpenAiHttpError extends Error {
  constructor(readonly error: OpenAiError) {
    super(error.message);
    this.name = 'OpenAiHttpError';
  }
}

export function sendOpenAiError(
  res: ServerResponse,
  error: OpenAiError,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null },
  });
  res.writeHead(error.status, { 'content-type': 'application/json', ...headers }).end(body);
}

export const notFound = (what: string): OpenAiError => ({
  status: 404,
  message: `Unknown route: ${what}`,
  type: 'invalid_request_error',
  code: 'not_found',
});

export const noFile: OpenAiError = {
  status: 400,
  message: "No audio file: send it as the multipart field 'file'.",
  type: 'invalid_request_error',
  param: 'file',
  code: 'missing_file',
};

export const oversize = (limitBytes: number): OpenAiError => ({
  status: 413,
  message: `The request is larger than this server accepts (${Math.round(limitBytes / (1024 * 1024))} MB).`,
  type: 'invalid_request_error',
  param: 'file',
  code: 'file_too_large',
});

export const unknownModel = (model: string, known: readonly string[]): OpenAiError => ({
  status: 404,
  message: `The model '${model}' does not exist on this server; it serves ${known.map((m) => `'${m}'`).join(', ')}.`,
  type: 'invalid_request_error',
  param: 'model',
  code: 'model_not_found',
});

export const notAudio = (why: string): OpenAiError => ({
  status: 400,
  message: `The file is not audio this server can decode: ${why}`,
  type: 'invalid_request_error',
  param: 'file',
  code: 'invalid_file_format',
});

export const badToken: OpenAiError = {
  status: 401,
  message: 'Missing or wrong API key: send it as "Authorization: Bearer <token>".',
  type: 'authentication_error',
  code: 'invalid_api_key',
};

/** The app serves its active model; until one is installed there is nothing to transcribe with. */
export const noModel: OpenAiError = {
  status: 503,
  message:
    'No speech model is installed in the app yet: download one in its Models tab, then send the request again.',
  type: 'server_error',
  code: 'model_not_found',
};

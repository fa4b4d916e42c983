import type { IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { noFile, OpenAiHttpError, oversize } from './openai-errors.js';

export interface TranscriptionUpload {
  file: Blob;
  fileName: string;
  fields: Map<string, string>;
}

/** Stops reading past `limitBytes`, so an oversize body costs no more memory than the limit. */
function limited(limitBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limitBytes) callback(new OpenAiHttpError(oversize(limitBytes)));
      else callback(null, chunk);
    },
  });
}

/**
 * The multipart/form-data body of POST /v1/audio/transcriptions: the `file` part and the text fields
 * (model, language, prompt, response_format, temperature, ...). Parsed by the platform's own FormData
 * reader; the body is cut off with 413 once past `limitBytes`.
 */
export async function readUpload(req: IncomingMessage, limitBytes: number): Promise<TranscriptionUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new OpenAiHttpError({
      ...noFile,
      message: "Send the audio as multipart/form-data with the field 'file'.",
    });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw new OpenAiHttpError(oversize(limitBytes));
  const body = req.pipe(limited(limitBytes));
  let failure: unknown = null;
  body.on('error', (error) => (failure = error));
  let form: FormData;
  try {
    form = await new Request('http://upload/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit).formData();
  } catch (error) {
    if (failure instanceof OpenAiHttpError) throw failure;
    if (error instanceof OpenAiHttpError) throw error;
    throw new OpenAiHttpError({
      status: 400,
      message: `The multipart body could not be read: ${(error as Error).message}`,
      type: 'invalid_request_error',
    });
  }
  const fields = new Map<string, string>();
  let file: Blob | null = null;
  let fileName = 'audio';
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields.set(key, value);
    else if (key === 'file') {
      file = value;
      fileName = (value as File).name || fileName;
    }
  }
  if (!file || file.size === 0) throw new OpenAiHttpError(noFile);
  return { file, fileName, fields };
}

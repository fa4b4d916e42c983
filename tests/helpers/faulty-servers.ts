import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real HTTP(S) server on loopback that misbehaves the way a broken transcription server does. */
export interface FaultyServer {
  baseUrl: string;
  requests(): number;
  close(): Promise<void>;
}

export type Fault =
  /** 200 with a body that is not JSON. */
  | 'garbage'
  /** 200 with JSON that is not a transcription. */
  | 'wrong_json'
  /** 500 with an OpenAI-shaped error. */
  | 'http_500'
  /** Answers only after `slowMs`. */
  | 'slow'
  /** HTTPS with a self-signed certificate nobody trusts. */
  | 'bad_tls';

function handler(fault: Fault, slowMs: number, count: () => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    count();
    req.resume();
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (fault === 'garbage') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
      else if (fault === 'wrong_json') json(200, { result: 'not a transcription' });
      else if (fault === 'http_500')
        json(500, { error: { message: 'CUDA out of memory', type: 'server_error', code: null } });
      else if (fault === 'slow') {
        const timer = setTimeout(() => json(200, { text: 'late', segments: [] }), slowMs);
        res.on('close', () => clearTimeout(timer));
      } else json(200, { text: 'hello', segments: [{ start: 0, end: 1, text: 'hello' }] });
    });
  };
}

function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bad-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFaultyServer(fault: Fault, slowMs = 10_000): Promise<FaultyServer> {
  let requests = 0;
  const handle = handler(fault, slowMs, () => requests++);
  const server: Server =
    fault === 'bad_tls' ? createHttpsServer(selfSignedCert(), handle) : createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = fault === 'bad_tls' ? 'https' : 'http';
  return {
    baseUrl: `${scheme}://127.0.0.1:${port}/v1`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

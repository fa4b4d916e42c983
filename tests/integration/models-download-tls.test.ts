import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

/**
 * Downloads over https from a local TLS server whose self-signed certificate the CLI trusts through
 * NODE_EXTRA_CA_CERTS (as a company proxy's CA is trusted), or does not trust at all. The real CLI
 * runs in a child process; the certificate is made with openssl at test time.
 */
const model = readFileSync(fixtures.vocabOnlyModel);
const sha256 = createHash('sha256').update(model).digest('hex');
const FILE = 'ggml-tiny.en-vocab-only.bin';
const temp = makeTempDir('dictation-models-tls-');
const certFile = path.join(temp.dir, 'cert.pem');
let plain: ModelServer;
let tls: https.Server;
let tlsOrigin = '';
let handshakes = 0;

beforeAll(async () => {
  const keyFile = path.join(temp.dir, 'key.pem');
  execFileSync(
    'openssl',
    // prettier-ignore
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  plain = await startModelServer({ [`/ok/${FILE}`]: { body: model } });
  tls = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    if (req.url === `/ok/${FILE}`) {
      res.writeHead(200, { 'content-length': model.length }).end(model);
    } else if (req.url === `/downgrade/${FILE}`) {
      res.writeHead(302, { location: plain.url(`/ok/${FILE}`) }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  tls.on('connection', () => handshakes++);
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  tlsOrigin = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await plain.close();
  tls.closeAllConnections();
  await new Promise((resolve) => tls.close(resolve));
  temp.cleanup();
});

let runs = 0;
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], {
      env: {
        ...process.env,
        DICTATION_DATA_DIR: path.join(temp.dir, `data-${++runs}`),
        DICTATION_MODEL_MIRROR: '',
        NODE_EXTRA_CA_CERTS: '',
        ...env,
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('dictation:'));

describe('downloads over https', () => {
  it('downloads and verifies from a server whose certificate is trusted', async () => {
    const result = await cli(['models', 'download', `${tlsOrigin}/ok/${FILE}`, '--sha256', sha256], {
      NODE_EXTRA_CA_CERTS: certFile,
    });
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('done, size and SHA-256 verified');
  });

  it('refuses an untrusted certificate at once, without retrying', async () => {
    const before = handshakes;
    const result = await cli(['models', 'download', `${tlsOrigin}/ok/${FILE}`]);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `dictation: Downloading ${FILE} from ${new URL(tlsOrigin).host} failed: the server's TLS certificate was ` +
        'refused (DEPTH_ZERO_SELF_SIGNED_CERT) (Check the URL or mirror and the internet connection, then try again.)',
    ]);
    expect(handshakes - before).toBe(1);
  });

  it('refuses a redirect from https down to plain http', async () => {
    const result = await cli(['models', 'download', `${tlsOrigin}/downgrade/${FILE}`], {
      NODE_EXTRA_CA_CERTS: certFile,
    });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)[0]).toMatch(
      /redirected from https to plain http \(http:\/\/127\.0\.0\.1:\d+\); the download is not continued unencrypted/,
    );
    expect(plain.requests).toHaveLength(0);
  });
});

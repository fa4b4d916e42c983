import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeSpeechClips } from '../helpers/jobs.js';
import {
  freeLoopbackPort,
  startWhisperServer,
  type RunningWhisperServer,
} from '../helpers/whisper-server.js';

// `dictation transcribe --engine URL` from dist/ (npm run build first) against a real whisper.cpp server.
const temp = makeTempDir('dictation-cli-remote-');
let server: RunningWhisperServer;
let clips: string[];

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
  clips = await writeSpeechClips(path.join(temp.dir, 'clips'), 3, { minSec: 3, maxSec: 5 });
}, 600_000);
afterAll(async () => {
  await server?.stop();
  temp.cleanup();
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cliEntry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DICTATION_DATA_DIR: path.join(temp.dir, 'data'), ...env },
    timeout: 120_000,
  });
}

describe('dictation transcribe with remote engines', () => {
  it('sends the files to the --engine server and writes valid captions', () => {
    const out = path.join(temp.dir, 'out');
    const run = cli([
      'transcribe',
      '-m',
      fixtures.microModel,
      '-l',
      'en',
      '--engine',
      `lan=${server.baseUrl}`,
      '--local-jobs',
      '0',
      '-o',
      out,
      ...clips,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const written = run.stdout.trim().split('\n');
    expect(written).toHaveLength(3);
    for (const file of written) {
      expect(existsSync(file)).toBe(true);
      expect(parseVttStrict(readFileSync(file, 'utf8')).length).toBeGreaterThan(0);
    }
  });

  it('reads engines from a file, the key from the environment variable it names', () => {
    const file = path.join(temp.dir, 'engines.json');
    writeFileSync(
      file,
      JSON.stringify({
        engines: [
          { name: 'lan', baseUrl: server.baseUrl, model: 'micro-en', concurrency: 1, apiKeyEnv: 'LAN_KEY' },
        ],
      }),
    );
    const run = cli(
      [
        'transcribe',
        '-m',
        fixtures.microModel,
        '--engines',
        file,
        '--local-jobs',
        '0',
        '-o',
        path.join(temp.dir, 'out2'),
        clips[0] as string,
      ],
      { LAN_KEY: 'k' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says why a server that cannot be reached failed each file, and exits 1', async () => {
    const port = await freeLoopbackPort();
    const run = cli([
      'transcribe',
      '-m',
      fixtures.microModel,
      '--engine',
      `http://127.0.0.1:${port}/v1`,
      '--local-jobs',
      '0',
      '--retries',
      '0', // no second attempt after 2 s: the message is the same, the test 6 s shorter
      '-o',
      path.join(temp.dir, 'out3'),
      clips[0] as string,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`127.0.0.1:${port} cannot be reached (ECONNREFUSED)`);
    const badPort = cli([
      'transcribe',
      '-m',
      fixtures.microModel,
      '--engine',
      'http://127.0.0.1:9/v1',
      '--local-jobs',
      '0',
      '--retries',
      '0',
      clips[0] as string,
    ]);
    expect(badPort.stderr).toMatch(
      /cannot be reached at http:\/\/127\.0\.0\.1:9\/v1\/audio\/transcriptions: bad port/,
    );
  });

  it('refuses a --vad-model that does not exist before sending anything', () => {
    const missing = path.join(temp.dir, 'no-such-vad.bin');
    const run = cli([
      'transcribe',
      '-m',
      fixtures.microModel,
      '--engine',
      server.baseUrl,
      '--vad-model',
      missing,
      clips[0] as string,
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--vad-model ${missing}: no such file.`);
    expect(run.stderr).toContain('dictation models vad');
  });

  it('refuses an --engine that is not a URL, and an engines file with a key in it', () => {
    const bad = cli(['transcribe', '-m', fixtures.microModel, '--engine', 'gpu box', clips[0] as string]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--engine gpu box: not a URL/);
    const file = path.join(temp.dir, 'with-key.json');
    writeFileSync(
      file,
      JSON.stringify({
        engines: [{ name: 'x', baseUrl: server.baseUrl, model: 'm', concurrency: 1, apiKey: 'secret' }],
      }),
    );
    const withKey = cli(['transcribe', '-m', fixtures.microModel, '--engines', file, clips[0] as string]);
    expect(withKey.status).toBe(2);
    expect(withKey.stderr).toMatch(/apiKey/);
  });
});

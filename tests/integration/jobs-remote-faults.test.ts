import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyServer, type Fault, type FaultyServer } from '../helpers/faulty-servers.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeSpeechClips } from '../helpers/jobs.js';
import { remoteSpec, startQueue } from '../helpers/remote-queue.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// Remote engines that fail: real HTTP(S) servers on loopback that answer garbage, 500, too late or with
// a certificate nobody trusts, beside a real whisper.cpp server. The local engine is not used.
const temp = makeTempDir('dictation-remote-faults-');
let server: RunningWhisperServer;
const faulty: FaultyServer[] = [];
let clips: string[];

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
  clips = await writeSpeechClips(path.join(temp.dir, 'clips'), 6, { minSec: 3, maxSec: 5.5 });
}, 600_000);

afterAll(async () => {
  await Promise.all([server?.stop(), ...faulty.map((f) => f.close())]);
  temp.cleanup();
});

describe('file jobs on remote engines that fail', () => {
  it.each([
    ['garbage', 'remote_bad_reply', /garbage sent a reply that is not a transcription \(not JSON\)/],
    ['http_500', 'remote_failed', /http_500 failed \(HTTP 500\): CUDA out of memory/],
    ['slow', 'remote_timeout', /slow did not answer within 1 s/],
    ['bad_tls', 'remote_tls', /bad_tls: the server's TLS certificate is not trusted/],
  ] as const)(
    'a %s server alone: each job fails with %s, and the queue goes on',
    async (fault: Fault, kind, message) => {
      const server = await startFaultyServer(fault, 30_000);
      faulty.push(server);
      const run = startQueue(temp.dir, `fault-${fault}`, {
        retry: { maxAttempts: 1 },
        pieces: {
          remotes: [remoteSpec(fault, server.baseUrl)],
          localConcurrency: 0,
          remoteTimeoutMs: 1000,
          dispatch: { backoffMs: 50 },
        },
      });
      await run.queue.add(clips.slice(0, 3), { outputDir: path.join(temp.dir, `fault-${fault}-out`) });
      await run.queue.drain();
      for (const job of run.queue.list()) {
        expect(job.state).toBe('failed');
        expect(job.failure?.kind).toBe(kind);
        expect(job.failure?.message).toMatch(message);
        expect(job.failure?.message).toContain(path.basename(job.source));
      }
      await run.close();
    },
  );

  it('a bad server beside a good one: its pieces go to the good one and every job completes', async () => {
    const broken = await startFaultyServer('http_500');
    faulty.push(broken);
    const run = startQueue(temp.dir, 'mixed', {
      pieces: {
        remotes: [remoteSpec('broken', broken.baseUrl), remoteSpec('server-a', server.baseUrl)],
        localConcurrency: 0,
        dispatch: { backoffMs: 50 },
      },
    });
    await run.queue.add(clips, { outputDir: path.join(temp.dir, 'mixed-out') });
    await run.queue.drain();
    const jobs = run.queue.list();
    expect(jobs.map((j) => j.state)).toEqual(Array(6).fill('completed'));
    expect(jobs.every((j) => j.engines?.join() === 'server-a')).toBe(true);
    expect(broken.requests()).toBeGreaterThanOrEqual(2);
    expect(existsSync(jobs[0]!.outputs[0]!.path)).toBe(true);
    await run.close();
  });
});

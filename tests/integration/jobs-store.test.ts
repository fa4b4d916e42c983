import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobStore } from '../../src/services/jobs/job-store.js';
import { newLeaseOwner, type LeaseOwner } from '../../src/services/jobs/lease-owner.js';
import { openDatabase, schemaVersion } from '../../src/services/storage/database.js';
import type { JobOptions } from '../../src/shared/jobs.js';
import { makeTempDir } from '../helpers/fixtures.js';

// The jobs table on a real SQLite file, opened by two connections as two app instances would.
const temp = makeTempDir('dictation-job-store-');
afterAll(() => temp.cleanup());

const options: JobOptions = {
  modelPath: '/models/ggml-base.bin',
  language: 'auto',
  translate: false,
  prompt: '',
  formats: ['vtt'],
  outputDir: null,
};

function twoStores(name: string) {
  const file = path.join(temp.dir, `${name}.db`);
  const a = openDatabase(file);
  const b = openDatabase(file);
  return { a: new JobStore(a), b: new JobStore(b), close: () => (a.close(), b.close()) };
}

function add(store: JobStore, n: number, now = 1000): string[] {
  const jobs = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    source: `/audio/${i}.wav`,
    options,
    durationMs: null,
  }));
  return store.insert(jobs, now).map((j) => j.id);
}

const claim = (store: JobStore, owner: LeaseOwner, now: number, maxAttempts = 3) =>
  store.claimNext({ owner, now, leaseMs: 10_000, threads: 1, maxAttempts });

/** An owner id as another machine sharing the folder would write it. */
const remoteOwner = (): LeaseOwner => ({
  id: `4242@other-host#${randomUUID()}`,
  pid: 4242,
  host: 'other-host',
});

describe('job store', () => {
  it('adds the jobs table as schema version 2', () => {
    const db = openDatabase(path.join(temp.dir, 'schema.db'));
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
    const columns = (db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['id', 'state', 'lease_owner', 'lease_expires_at']));
    db.close();
  });

  it('hands each job to exactly one of two connections, oldest first', () => {
    const { a, b, close } = twoStores('exclusive');
    const ids = add(a, 20);
    const ownerA = newLeaseOwner();
    const ownerB = newLeaseOwner();
    const claimed: string[] = [];
    for (let i = 0; i < 12; i++) {
      for (const [store, owner] of [
        [a, ownerA],
        [b, ownerB],
      ] as const) {
        const result = claim(store, owner, 2000);
        if (result?.kind === 'claimed') claimed.push(result.job.id);
      }
    }
    expect(claimed).toEqual(ids);
    expect(claim(a, ownerA, 2000)).toBeNull();
    close();
  });

  it('takes a job over only when its holder is gone: lease expired, or its process dead', () => {
    const { a, b, close } = twoStores('takeover');
    const [remoteJob, liveJob, deadJob] = add(a, 3) as [string, string, string];
    const host = newLeaseOwner().host;
    const remote = remoteOwner();
    expect(claim(a, remote, 1000)?.job.id).toBe(remoteJob);
    // A process on this machine that is still running.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const alive: LeaseOwner = { id: `${sleeper.pid}@${host}#y`, pid: sleeper.pid as number, host };
    expect(claim(a, alive, 1000)?.job.id).toBe(liveJob);
    // A process on this machine that has exited.
    const exited = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const dead: LeaseOwner = { id: `${exited}@${host}#x`, pid: exited, host };
    expect(claim(a, dead, 1000)?.job.id).toBe(deadJob);

    const me = newLeaseOwner();
    // Before any lease expires, only the dead process's job is free.
    const first = claim(b, me, 2000);
    expect(first).toMatchObject({ kind: 'claimed', reclaimed: true, attemptInRun: 2 });
    expect(first?.job.id).toBe(deadJob);
    expect(claim(b, me, 2000)).toBeNull();
    // Once the remote holder stops renewing, its job is free; the live local one renews and stays.
    expect(a.renewLease(liveJob, alive.id, 10_500, 10_000)).toBe(true);
    expect(claim(b, me, 11_001)?.job.id).toBe(remoteJob);
    expect(claim(b, me, 11_001)).toBeNull();
    // The old holder lost it: it may no longer renew or record anything.
    expect(a.renewLease(remoteJob, remote.id, 11_002, 10_000)).toBe(false);
    expect(
      a.complete(remoteJob, remote.id, { segments: [], language: null, durationMs: 1, outputs: [] }, 11_003),
    ).toBeNull();
    sleeper.kill();
    close();
  });

  it('fails a job that keeps taking its holder down instead of running it forever', () => {
    const { a, close } = twoStores('give-up');
    const [id] = add(a, 1) as [string];
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(claim(a, remoteOwner(), attempt * 100_000, 2)?.kind).toBe('claimed');
    }
    const result = claim(a, newLeaseOwner(), 1_000_000, 2);
    expect(result?.kind).toBe('gave_up');
    expect(a.get(id)).toMatchObject({ state: 'failed', attempts: 2, failure: { transient: false } });
    expect(a.get(id)?.failure?.message).toContain('/audio/0.wav');
    close();
  });

  it('records every state change and refuses changes that make no sense', () => {
    const { a, close } = twoStores('states');
    const [id] = add(a, 1) as [string];
    const owner = newLeaseOwner();
    claim(a, owner, 2000);
    expect(a.fail(id, owner.id, { kind: 'busy', message: 'x', transient: true }, 5000, 3000)).toMatchObject({
      state: 'pending',
      nextAttemptAt: 5000,
    });
    expect(claim(a, owner, 4000)).toBeNull(); // not due yet
    expect(a.nextWakeAt(4000, owner.id)).toBe(5000);
    claim(a, owner, 5000);
    expect(a.cancel(id, 6000).state).toBe('cancelled');
    expect(a.renewLease(id, owner.id, 6001, 10_000)).toBe(false);
    expect(a.retry(id, 7000)).toMatchObject({ state: 'pending', failure: null });
    claim(a, owner, 8000);
    expect(() => a.remove(id)).toThrow(/cancel it first/);
    a.complete(id, owner.id, { segments: [], language: 'en', durationMs: 1000, outputs: [] }, 9000);
    expect(() => a.cancel(id, 9001)).toThrow(/already completed/);
    expect(() => a.retry(id, 9002)).toThrow(/only a failed or cancelled/);
    expect(a.get(id)?.transitions).toEqual([
      { state: 'pending', at: 1000 },
      { state: 'processing', at: 2000 },
      { state: 'pending', at: 3000 },
      { state: 'processing', at: 5000 },
      { state: 'cancelled', at: 6000 },
      { state: 'pending', at: 7000 },
      { state: 'processing', at: 8000 },
      { state: 'completed', at: 9000 },
    ]);
    expect(a.clearCompleted()).toEqual([id]);
    expect(a.get(id)).toBeNull();
    close();
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptText } from '../../src/shared/transcript.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeLoopedSpeech } from '../helpers/jobs.js';
import { remoteSpec, startQueue } from '../helpers/remote-queue.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// A long job in pieces on a real whisper.cpp server, stopped half-way and picked up by a new queue on
// the same SQLite file: the pieces recorded under the first holder's lease are reused, not redone.
const temp = makeTempDir('dictation-pieces-restart-');
let server: RunningWhisperServer;
let long: string;

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
  long = await writeLoopedSpeech(path.join(temp.dir, 'long.wav'), 44);
}, 600_000);
afterAll(async () => {
  await server?.stop();
  temp.cleanup();
});

const pieces = () => ({
  remotes: [remoteSpec('server-a', server.baseUrl)],
  localConcurrency: 0,
  split: { targetMs: 5000, maxMs: 6000 },
});

describe('pieces across a restart', () => {
  it('a job stopped after some pieces continues from them in the next queue, with the same text', async () => {
    // The reference: the same file in one go.
    const whole = startQueue(temp.dir, 'whole', { pieces: pieces() });
    const {
      added: [reference],
    } = await whole.queue.add([long], { outputDir: path.join(temp.dir, 'whole-out') });
    await whole.queue.drain();
    const expected = transcriptText(whole.queue.get(reference!.id)!.segments ?? []);
    await whole.close();

    const first = startQueue(temp.dir, 'shared', { pieces: pieces() });
    const {
      added: [job],
    } = await first.queue.add([long], { outputDir: path.join(temp.dir, 'shared-out') });
    await first.log.waitFor((e) => e.type === 'job_progress' && (e.pieces?.done ?? 0) >= 3);
    await first.close();
    const stopped = first.log.of('job_progress').at(-1)?.pieces;
    expect(stopped?.done).toBeGreaterThanOrEqual(3);
    expect(stopped?.done).toBeLessThan(stopped?.total ?? 0);

    const second = startQueue(temp.dir, 'shared', { pieces: pieces() });
    await second.queue.drain();
    const done = second.queue.get(job!.id)!;
    expect(done.state).toBe('completed');
    // The first progress the new holder reports already counts the pieces the old one recorded.
    expect(second.log.of('job_progress')[0]?.pieces?.done).toBeGreaterThanOrEqual(stopped?.done ?? 0);
    expect(second.log.of('job_progress').length).toBeLessThanOrEqual(
      (stopped?.total ?? 0) - (stopped?.done ?? 0) + 1,
    );
    expect(transcriptText(done.segments ?? [])).toBe(expected);
    await second.close();
  });
});

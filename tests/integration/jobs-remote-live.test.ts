import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/services/logging/logger.js';
import {
  createRemoteEngines,
  livePieceOptions,
} from '../../src/services/remote-engines/remote-engines-setup.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import type { Job } from '../../src/shared/jobs.js';
import type { RemoteEngineSetting } from '../../src/shared/remote-settings.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeSpeechClips } from '../helpers/jobs.js';
import { writePausedSpeech } from '../helpers/paused-speech.js';
import { startQueue, type QueueUnderTest } from '../helpers/remote-queue.js';
import { testCipher } from '../helpers/test-cipher.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// The app's wiring of file jobs to settings.remote, with the real settings store, the real remote
// engines service and two real whisper.cpp servers: a change in Settings applies from the next job.
const temp = makeTempDir('dictation-remote-live-');
let servers: RunningWhisperServer[] = [];
let clips: string[];
let settings: SettingsStore;
let run: QueueUnderTest;

const engine = (id: string, server: RunningWhisperServer, enabled = true): RemoteEngineSetting => ({
  id,
  name: id,
  baseUrl: server.baseUrl,
  model: 'micro-en',
  concurrency: 1,
  enabled,
  hasApiKey: false,
});

beforeAll(async () => {
  servers = await Promise.all(
    [0, 1].map(() => startWhisperServer({ model: fixtures.microModel, threads: 1 })),
  );
  clips = await writeSpeechClips(path.join(temp.dir, 'clips'), 6, { minSec: 3, maxSec: 5 });
  settings = await SettingsStore.open({ file: path.join(temp.dir, 'settings.json') });
  await settings.update({ remote: { engines: [], localForFiles: false, pieceSeconds: 10 } });
  const service = createRemoteEngines({
    settings,
    dataDir: temp.dir,
    logger: silentLogger(),
    cipher: testCipher(),
  });
  run = startQueue(temp.dir, 'live', { pieces: livePieceOptions(settings, service) });
}, 600_000);
afterAll(async () => {
  await run?.close();
  await Promise.all(servers.map((s) => s.stop()));
  temp.cleanup();
});

async function transcribe(file: string): Promise<Job> {
  const { added } = await run.queue.add([file], { outputDir: path.join(temp.dir, 'out') });
  await run.queue.drain();
  return run.queue.get(added[0]!.id) as Job;
}

describe('file jobs follow settings.remote live', () => {
  it('no remote: the job runs on the local engine', async () => {
    const job = await transcribe(clips[0]!);
    expect(job.state).toBe('completed');
    expect(job.engines ?? []).not.toContain('server-a');
    expect(run.queue.pieceRunner).toBeNull();
  });

  it('a server added in Settings takes the next job’s pieces', async () => {
    await settings.update({ remote: { engines: [engine('server-a', servers[0]!)] } });
    const job = await transcribe(clips[1]!);
    expect(job.state).toBe('completed');
    expect(job.engines).toEqual(['server-a']);
  });

  it('disabled, it gets nothing; a second one enabled gets the work', async () => {
    await settings.update({
      remote: { engines: [engine('server-a', servers[0]!, false), engine('server-b', servers[1]!)] },
    });
    const job = await transcribe(clips[2]!);
    expect(job.engines).toEqual(['server-b']);
  });

  it('a server removed while a long job runs: its running piece finishes, the rest go on, each once', async () => {
    await settings.update({ remote: { engines: [engine('server-a', servers[0]!)], pieceSeconds: 10 } });
    const long = writePausedSpeech(path.join(temp.dir, 'long'), 'long', { count: 16, noise: 0.05 });
    const from = run.log.events.length;
    const { added } = await run.queue.add([long.file], {
      outputDir: path.join(temp.dir, 'out'),
      vadModelPath: fixtures.sileroVad,
    });
    const id = added[0]!.id;
    await run.log.waitFor(
      (e) => e.type === 'job_progress' && e.jobId === id && (e.pieces?.done ?? 0) >= 1,
      120_000,
      from,
    );
    await settings.update({ remote: { engines: [engine('server-b', servers[1]!)] } });
    await run.queue.drain();
    const job = run.queue.get(id) as Job;
    expect(job.state).toBe('completed');
    expect(job.pieces?.done).toBe(job.pieces?.total);
    expect(new Set(job.engines)).toEqual(new Set(['server-a', 'server-b']));
    // One progress event per recorded piece, 0 of n to n of n: none recorded twice, none lost.
    const done = run.log.events
      .slice(from)
      .filter((e) => e.type === 'job_progress' && e.jobId === id)
      .map((e) => (e.type === 'job_progress' ? e.pieces?.done : -1));
    expect(done).toEqual([...Array((job.pieces?.total ?? 0) + 1).keys()]);
    const completions = run.log.events
      .slice(from)
      .filter((e) => e.type === 'job_updated' && e.job.id === id && e.job.state === 'completed');
    expect(completions).toHaveLength(1);
    expect((await transcribe(clips[3]!)).engines).toEqual(['server-b']);
  }, 300_000);

  it('the local engine turned on takes pieces beside the server; every server removed: local again', async () => {
    await settings.update({ remote: { localForFiles: true } });
    const runner = run.queue.pieceRunner;
    await transcribe(clips[4]!);
    expect(run.queue.pieceRunner?.local).not.toBeNull();
    expect(runner === null || run.queue.pieceRunner?.dispatcher === runner.dispatcher).toBe(true);
    await settings.update({ remote: { engines: [] } });
    const job = await transcribe(clips[5]!);
    expect(job.state).toBe('completed');
    expect(job.engines ?? []).not.toContain('server-b');
    expect(run.queue.pieceRunner).toBeNull();
  });
});

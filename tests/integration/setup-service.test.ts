import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupEvent } from '../../src/services/setup/setup-requests.js';
import { createSetupService } from '../../src/services/setup/setup-service.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { VAD_MODEL, vadModelPath } from '../../src/services/models/vad-model.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

// The first-run setup's services on real files and a real HTTP server on 127.0.0.1. The microphone is a
// recorder of arm/disarm calls: the real controller's microphone is covered by the dictation tests.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: { mirror?: string; preRoll?: boolean; vadPath?: string } = {}) {
  const temp = makeTempDir('dictation-setup-');
  cleanups.push(temp.cleanup);
  const calls: string[] = [];
  const events: SetupEvent[] = [];
  let installed = 0;
  const service = createSetupService({
    modelsDir: temp.dir,
    vadModelPath: options.vadPath ?? vadModelPath(temp.dir),
    env: options.mirror ? { DICTATION_MODEL_MIRROR: options.mirror } : {},
    logger: silentLogger(),
    microphone: {
      arm: async () => void calls.push('arm'),
      disarm: async () => void calls.push('disarm'),
    },
    preRollArmed: () => options.preRoll ?? false,
    onVadInstalled: () => installed++,
  });
  service.subscribe((event) => events.push(event));
  return { service, calls, events, dir: temp.dir, installed: () => installed };
}

async function serve(status?: number): Promise<ModelServer> {
  const server = await startModelServer({
    [`/${VAD_MODEL.file}`]: {
      body: readFileSync(fixtures.sileroVad),
      ...(status ? { behaviour: () => ({ kind: 'status', status }) } : {}),
    },
  });
  cleanups.push(() => server.close());
  return server;
}

async function settled(events: SetupEvent[]): Promise<SetupEvent & { type: 'vad_status_changed' }> {
  for (let i = 0; i < 200; i++) {
    const last = events.filter((e) => e.type === 'vad_status_changed').at(-1);
    if (last && last.status.state !== 'downloading') return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the VAD install did not settle');
}

describe('setup service', () => {
  it('downloads the VAD model from the mirror, verified, with progress, and tells the pipeline', async () => {
    const server = await serve();
    const { service, events, dir, installed } = setup({ mirror: server.origin });
    expect((await service.vadStatus()).state).toBe('missing');
    expect((await service.installVad()).state).toBe('downloading');
    expect((await settled(events)).status.state).toBe('installed');
    expect(readFileSync(vadModelPath(dir)).equals(readFileSync(fixtures.sileroVad))).toBe(true);
    expect(events.some((e) => e.type === 'download_progress')).toBe(true);
    expect(installed()).toBe(1);
    // Installed: asking again downloads nothing.
    expect((await service.installVad()).state).toBe('installed');
    expect(server.requests.length).toBe(1);
  });

  it('reports a 404 as a failed status with the reason, and imports only the real file', async () => {
    const server = await serve(404);
    const { service, events, dir } = setup({ mirror: server.origin });
    await service.installVad();
    const failed = await settled(events);
    expect(failed.status.state).toBe('failed');
    expect(failed.status.error?.message).toContain('HTTP 404');
    expect(existsSync(vadModelPath(dir))).toBe(false);

    const junk = `${dir}/junk.bin`;
    writeFileSync(junk, 'not a model at all, just text');
    await expect(service.importVad(junk)).rejects.toThrow(/is not a Silero VAD model/);
    const status = await service.importVad(fixtures.sileroVad);
    expect(status).toMatchObject({ state: 'installed', sizeBytes: VAD_MODEL.sizeBytes, error: null });
  });

  it('refuses to install where DICTATION_VAD_MODEL points elsewhere, saying what to do', async () => {
    const { service } = setup({ vadPath: '/nowhere/custom-vad.bin' });
    await expect(service.installVad()).rejects.toThrow(/DICTATION_VAD_MODEL points to/);
  });

  it('opens the microphone for the check and closes it after, unless the pre-roll keeps it open', async () => {
    const plain = setup();
    expect(await plain.service.checkMicrophone(true)).toBe(true);
    expect(await plain.service.checkMicrophone(false)).toBe(false);
    expect(plain.calls).toEqual(['arm', 'disarm']);
    // Closing a check that was never opened leaves the microphone alone.
    await plain.service.checkMicrophone(false);
    expect(plain.calls).toEqual(['arm', 'disarm']);

    const preRoll = setup({ preRoll: true });
    await preRoll.service.checkMicrophone(true);
    await preRoll.service.checkMicrophone(false);
    expect(preRoll.calls).toEqual(['arm']);
  });
});

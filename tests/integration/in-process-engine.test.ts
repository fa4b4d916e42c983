import { describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { inProcessEngineChannel } from '../../src/engine/client/in-process-engine.js';
import { fixtures } from '../helpers/fixtures.js';

/** The engine server in this very process (a one-shot CLI run on the CPU), over the usual client. */
describe('the in-process engine', () => {
  it('loads a preloaded model, transcribes, and shuts down without ending the process', async () => {
    const channel = inProcessEngineChannel({
      modelPath: fixtures.microModel,
      options: { useGpu: false, gpuDevice: null, failedGpus: [], flashAttn: true },
    });
    const client = await EngineClient.connect(channel, 'in-process-test');
    const info = await client.loadModel(fixtures.microModel, { useGpu: false });
    expect(info.gpu).toBe(false);
    const transcript = await client.transcribe({ kind: 'file', path: fixtures.jfkWav }, { language: 'en' })
      .result;
    expect(
      transcript.segments
        .map((s) => s.text)
        .join(' ')
        .trim().length,
    ).toBeGreaterThan(0);
    const exits: string[] = [];
    client.onExit((error) => exits.push(error.kind));
    await client.shutdown(10_000);
    expect(exits).toEqual(['engine_crashed']); // the client's word for "the engine is gone"
    expect(client.alive).toBe(false);
    // Still here: the server ended its connection, not this process.
    expect(() => channel.send({ type: 'status', id: 'late' })).toThrow(/shut down/);
  }, 120_000);

  it('a killed connection fails what is pending with the engine gone, as a dead process would', async () => {
    const channel = inProcessEngineChannel();
    const client = await EngineClient.connect(channel, 'in-process-test');
    const loading = client.loadModel(fixtures.microModel, { useGpu: false });
    client.kill();
    await expect(loading).rejects.toMatchObject({ kind: 'engine_crashed' });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { fixtures, tinyParakeetModel } from '../helpers/fixtures.js';
import {
  SKIP_WITHOUT_VULKAN,
  lavapipeEnv,
  noVulkanDriverEnv,
  requireLavapipeSetup,
  vulkanLoaderPresent,
} from '../helpers/vulkan.js';

// The real Vulkan back-end on lavapipe (Mesa's Vulkan driver on the CPU: slow, but real Vulkan),
// against the real CPU back-end, in real engine processes. Nothing is mocked. The same comparison
// with a full-size model (minutes on lavapipe) is in tests/soak/gpu-vulkan-full-size.test.ts.
const loader = vulkanLoaderPresent();
if (!loader) console.warn(`[gpu-vulkan] ${SKIP_WITHOUT_VULKAN}`);

const engines: EngineClient[] = [];
async function engine(env: NodeJS.ProcessEnv): Promise<EngineClient> {
  const client = await EngineClient.connect(forkEngineChannel({ env }), 'gpu-test');
  engines.push(client);
  return client;
}
afterAll(async () => {
  await Promise.all(engines.map((client) => client.shutdown()));
});

describe.skipIf(!loader)('the Vulkan back-end on lavapipe', () => {
  let jfk: Float32Array<ArrayBuffer>;
  beforeAll(async () => {
    requireLavapipeSetup();
    jfk = new Float32Array(await readAudioFile(fixtures.jfkWav));
  });

  it('lists the Vulkan device by name and loads a model onto it', async () => {
    const vulkan = await engine(lavapipeEnv());
    const gpus = vulkan.hello?.devices.filter((d) => d.backend === 'Vulkan') ?? [];
    expect(gpus).toEqual([
      expect.objectContaining({ name: 'Vulkan0', description: expect.stringMatching(/^llvmpipe \(LLVM /) }),
    ]);
    const info = await vulkan.loadModel(fixtures.vocabOnlyModel);
    expect(info).toMatchObject({ gpu: true, device: { name: 'Vulkan0', backend: 'Vulkan' } });
    expect(info.device.description).toMatch(/llvmpipe/);
    expect(info.gpuFallbackReason).toBeUndefined();
  });

  it('gives the same real words on Vulkan as on the CPU (micro-en, a short dictation)', async () => {
    const clip = jfk.slice(0, Math.round(2.6 * 16000));
    const words = async (useGpu: boolean) => {
      const client = await engine(lavapipeEnv({ DICTATION_GPU_DEADLINE_MS: '900000' }));
      await client.loadModel(fixtures.microModel, { useGpu });
      return client.transcribe({ kind: 'pcm', samples: clip }, { language: 'en' }).result;
    };
    const onVulkan = await words(true);
    const onCpu = await words(false);
    expect(onVulkan.device?.gpu).toBe(true);
    expect(
      onVulkan.segments
        .map((s) => s.text)
        .join(' ')
        .trim().length,
    ).toBeGreaterThan(0);
    expect(onVulkan.segments.map((s) => s.text)).toEqual(onCpu.segments.map((s) => s.text));
  }, 300_000);

  it('gives Parakeet the same treatment: the same words on Vulkan as on the CPU, and a run past its deadline redone on the CPU', async () => {
    const model = tinyParakeetModel();
    const clip = jfk.slice(0, Math.round(2.6 * 16000));
    const onVulkan = await engine(lavapipeEnv({ DICTATION_GPU_DEADLINE_MS: '900000' }));
    expect(await onVulkan.loadModel(model)).toMatchObject({
      family: 'parakeet',
      gpu: true,
      device: { name: 'Vulkan0' },
    });
    const vulkanText = await onVulkan.transcribe({ kind: 'pcm', samples: clip }).result;
    const onCpu = await engine(lavapipeEnv());
    await onCpu.loadModel(model, { useGpu: false });
    const cpuText = await onCpu.transcribe({ kind: 'pcm', samples: clip }).result;
    expect(vulkanText.device?.gpu).toBe(true);
    expect(vulkanText.segments.map((s) => s.text)).toEqual(cpuText.segments.map((s) => s.text));
    // No GPU finishes a run in 1 ms: the deadline path, for real, on the same wrapper as Whisper's.
    const hurried = await engine(lavapipeEnv({ DICTATION_GPU_DEADLINE_MS: '1' }));
    await hurried.loadModel(model);
    const fellBack = await hurried.transcribe({ kind: 'pcm', samples: clip }).result;
    expect(fellBack.device).toMatchObject({
      gpu: false,
      fallbackReason: expect.stringMatching(/did not finish within 1 ms/),
    });
    expect(fellBack.segments.map((s) => s.text)).toEqual(cpuText.segments.map((s) => s.text));
  }, 300_000);

  it('uses the GPU the settings name, and falls back to the CPU, saying so, when it is not there', async () => {
    const client = await engine(lavapipeEnv());
    const chosen = await client.loadModel(fixtures.vocabOnlyModel, { gpuDevice: 'Vulkan0' });
    expect(chosen.gpu).toBe(true);
    const missing = await client.loadModel(fixtures.vocabOnlyModel, { gpuDevice: 'Radeon RX 7600' });
    expect(missing).toMatchObject({ gpu: false, device: { type: 'cpu' } });
    expect(missing.gpuFallbackReason).toMatch(/"Radeon RX 7600" chosen in the settings is not present/);
  });

  it('does not try a GPU the host reports as failed before', async () => {
    const client = await engine(lavapipeEnv());
    const info = await client.loadModel(fixtures.vocabOnlyModel, {
      failedGpus: [{ device: 'Vulkan0', reason: 'a run failed' }],
    });
    expect(info.gpu).toBe(false);
    expect(info.gpuFallbackReason).toMatch(/llvmpipe.*failed earlier \(a run failed\)/);
  });

  it('runs on the CPU and says why when the Vulkan loader finds no driver', async () => {
    const client = await engine(noVulkanDriverEnv());
    expect(client.hello?.devices.map((d) => d.type)).toEqual(['cpu']);
    const info = await client.loadModel(fixtures.microModel);
    expect(info).toMatchObject({ gpu: false, device: { type: 'cpu' } });
    expect(info.gpuFallbackReason).toMatch(/Vulkan loader found no working driver/);
    const transcript = await client.transcribe({ kind: 'pcm', samples: jfk.slice(0, 2.6 * 16000) }).result;
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect(transcript.device).toMatchObject({ gpu: false, fallbackReason: info.gpuFallbackReason });
  });

  it('says so when the only Vulkan driver is a CPU one that ggml leaves alone', async () => {
    const env = lavapipeEnv();
    delete env['GGML_VK_VISIBLE_DEVICES'];
    const client = await engine(env);
    const info = await client.loadModel(fixtures.vocabOnlyModel);
    expect(info.gpu).toBe(false);
    expect(info.gpuFallbackReason).toMatch(/lists no GPU/);
  });

  it('does not touch the GPU when it is turned off', async () => {
    const client = await engine(lavapipeEnv());
    const info = await client.loadModel(fixtures.vocabOnlyModel, { useGpu: false });
    expect(info).toMatchObject({ gpu: false, device: { type: 'cpu' } });
    expect(info.gpuFallbackReason).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { Transcript } from '../../src/shared/transcript.js';
import { fixtures, randomModel } from '../helpers/fixtures.js';
import {
  SKIP_WITHOUT_VULKAN,
  lavapipeEnv,
  requireLavapipeSetup,
  vulkanLoaderPresent,
} from '../helpers/vulkan.js';

// A full-size model on the real Vulkan back-end (lavapipe: Mesa's Vulkan driver on the CPU) against
// the real CPU back-end. A minute or more of lavapipe, so it runs with the soaks, not in npm test
// (tests/integration/gpu-vulkan.test.ts compares a small real model there).
const loader = vulkanLoaderPresent();
if (!loader) console.warn(`[gpu-vulkan-full-size] ${SKIP_WITHOUT_VULKAN}`);

const engines: EngineClient[] = [];
async function engine(env: NodeJS.ProcessEnv): Promise<EngineClient> {
  const client = await EngineClient.connect(forkEngineChannel({ env }), 'gpu-soak');
  engines.push(client);
  return client;
}
afterAll(async () => {
  await Promise.all(engines.map((client) => client.shutdown()));
});

describe.skipIf(!loader)('a full-size model on Vulkan (lavapipe) and on the CPU', () => {
  let jfk: Float32Array<ArrayBuffer>;
  beforeAll(async () => {
    requireLavapipeSetup();
    jfk = new Float32Array(await readAudioFile(fixtures.jfkWav));
  });

  it('gives the same text, times and no-speech probability on Vulkan as on the CPU (random tiny.en)', async () => {
    // The decoder of the --eot model stops at once, so a run costs the mel, the full-size tiny.en
    // encoder and one decoder pass: about a minute on lavapipe, seconds on the CPU.
    const model = randomModel('tiny.en', true);
    const run = async (useGpu: boolean): Promise<Transcript> => {
      const client = await engine(lavapipeEnv({ DICTATION_GPU_DEADLINE_MS: '900000' }));
      const info = await client.loadModel(model, { useGpu });
      expect(info.gpu).toBe(useGpu);
      return client.transcribe({ kind: 'pcm', samples: jfk }, { language: 'en', threads: 2 }).result;
    };
    const [onVulkan, onCpu] = await Promise.all([run(true), run(false)]);
    expect(onVulkan.device).toMatchObject({ gpu: true, name: expect.stringMatching(/llvmpipe/) });
    expect(onCpu.device).toMatchObject({ gpu: false });
    console.log(
      `[gpu-vulkan] Vulkan ${JSON.stringify(onVulkan.segments)} in ${Math.round(onVulkan.timings.inferenceMs)} ms; ` +
        `CPU ${JSON.stringify(onCpu.segments)} in ${Math.round(onCpu.timings.inferenceMs)} ms`,
    );
    expect(onVulkan.segments.length).toBeGreaterThan(0);
    expect(onVulkan.segments.map((s) => [s.text, s.startMs, s.endMs])).toEqual(
      onCpu.segments.map((s) => [s.text, s.startMs, s.endMs]),
    );
    // The GPU's shaders sum in another order (and partly in f16), so probabilities differ in the
    // last digits (measured: 0.1 % relative); a difference that could flip a token would be far larger.
    onVulkan.segments.forEach((segment, i) => {
      const cpu = onCpu.segments[i]?.noSpeechProb ?? 0;
      expect(Math.abs((segment.noSpeechProb ?? 0) - cpu)).toBeLessThanOrEqual(Math.max(1e-6, cpu * 0.01));
    });
  }, 600_000);
});

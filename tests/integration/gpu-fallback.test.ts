import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { DictationController } from '../../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import type { ModelInfo } from '../../src/shared/engine-protocol.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';
import { recordedDelivery } from '../helpers/recorded-delivery.js';
import {
  SKIP_WITHOUT_VULKAN,
  lavapipeEnv,
  requireLavapipeSetup,
  vulkanLoaderPresent,
} from '../helpers/vulkan.js';
import { encodeWav } from '../helpers/wav-writer.js';

// GPU failures on the real Vulkan back-end (lavapipe), forced by the addon's fault injection
// (DICTATION_TEST_GPU_FAULT, which only touches models on a GPU) or by a real driver limit; the
// words must still arrive, from the CPU, and everyone must be told why.
const run = promisify(execFile);
const SR = 16000;
const loader = vulkanLoaderPresent();
if (!loader) console.warn(`[gpu-fallback] ${SKIP_WITHOUT_VULKAN}`);

let speech: Float32Array<ArrayBuffer>;
const temp = makeTempDir('dictation-gpu-');
beforeAll(async () => {
  if (!loader) return;
  requireLavapipeSetup();
  speech = new Float32Array((await readAudioFile(fixtures.jfkWav)).subarray(0, Math.round(2.6 * SR)));
});
afterAll(() => temp.cleanup());

describe.skipIf(!loader)('a GPU that fails inside the engine', () => {
  const clients: EngineClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown()));
  });
  const engineWith = async (fault: NodeJS.ProcessEnv) => {
    const client = await EngineClient.connect(forkEngineChannel({ env: lavapipeEnv(fault) }), 'gpu-fault');
    clients.push(client);
    const changes: ModelInfo[] = [];
    client.onModelChanged((info) => changes.push(info));
    const loaded = await client.loadModel(fixtures.microModel);
    expect(loaded).toMatchObject({ gpu: true, device: { backend: 'Vulkan' } });
    return { client, changes };
  };

  it('redoes a run that failed mid-way on the CPU, and moves the model there for good', async () => {
    const { client, changes } = await engineWith({ DICTATION_TEST_GPU_FAULT: 'run-fail' });
    const transcript = await client.transcribe({ kind: 'pcm', samples: speech }, { language: 'en' }).result;
    expect(
      transcript.segments
        .map((s) => s.text)
        .join(' ')
        .trim().length,
    ).toBeGreaterThan(0);
    expect(transcript.device).toMatchObject({ gpu: false, fallbackReason: expect.stringMatching(/failed/) });
    expect(transcript.device?.fallbackReason).toMatch(/a run on llvmpipe.*failed \(the GPU run failed/);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      gpu: false,
      device: { type: 'cpu' },
      failedGpu: { device: 'Vulkan0' },
    });
    const status = await client.status();
    expect(status.model).toMatchObject({ gpu: false, gpuFallbackReason: transcript.device?.fallbackReason });
    // The next run goes straight to the CPU: the failed GPU is not tried again.
    const again = await client.transcribe({ kind: 'pcm', samples: speech }, { language: 'en' }).result;
    expect(again.device?.gpu).toBe(false);
    expect(changes).toHaveLength(1);
  }, 180_000);

  it('gives up on a run that hangs past its deadline and answers from the CPU', async () => {
    const { client, changes } = await engineWith({
      DICTATION_TEST_GPU_FAULT: 'run-hang',
      DICTATION_TEST_GPU_FAULT_HANG_MS: '60000',
      DICTATION_GPU_DEADLINE_MS: '4000',
    });
    const started = performance.now();
    const transcript = await client.transcribe({ kind: 'pcm', samples: speech }, { language: 'en' }).result;
    const elapsed = performance.now() - started;
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect(transcript.device?.fallbackReason).toMatch(/did not finish within 4000 ms/);
    expect(changes[0]?.failedGpu?.device).toBe('Vulkan0');
    // Deadline plus a CPU load and run, long before the hung run would have let go.
    expect(elapsed).toBeLessThan(40_000);
    console.log(`[gpu-fallback] hung GPU run -> text from the CPU in ${Math.round(elapsed)} ms`);
  }, 180_000);
});

describe.skipIf(!loader)('a GPU that takes the engine down (dictation transcribe --verbose)', () => {
  const transcribe = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
    const wav = path.join(temp.dir, 'speech.wav');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(wav, encodeWav(speech, { sampleRate: SR, channels: 1, bits: 16 }));
    const args = [cliEntry, 'transcribe', wav, '--model', fixtures.microModel, '--format', 'txt'];
    args.push('--out', temp.dir, '--overwrite', '--language', 'en', '--verbose', ...extra);
    const result = await run(process.execPath, args, { env: lavapipeEnv(env) });
    return { ...result, text: readFileSync(path.join(temp.dir, 'speech.txt'), 'utf8') };
  };

  it('restarts the engine on the CPU when the GPU dies mid-run, and the file is still transcribed', async () => {
    const { stderr, text } = await transcribe({ DICTATION_TEST_GPU_FAULT: 'run-exit' });
    expect(text.trim().length).toBeGreaterThan(0);
    expect(stderr).toMatch(/loaded in \d+ ms on llvmpipe .*\(Vulkan0\)/);
    // A model bound for a GPU gets an engine process of its own: the crash does not take the CLI down.
    expect(stderr).toMatch(/the engine runs in its own process/);
    expect(stderr).toMatch(/the speech engine stopped while using the GPU; it is restarted on the CPU/);
    expect(stderr).toMatch(
      /the GPU is not used: llvmpipe .* failed earlier \(the speech engine stopped while using it/,
    );
    expect(stderr).toMatch(/speech\.wav: transcribed on .*; not on the GPU because/);
  }, 240_000);

  it('with --no-gpu on the same machine, runs the engine inside the CLI (no second process)', async () => {
    const { stderr, text } = await transcribe({ DICTATION_TEST_GPU_FAULT: 'run-exit' }, ['--no-gpu']);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(stderr).toMatch(/loaded in \d+ ms on CPU/);
    expect(stderr).toMatch(/the engine runs in this process/);
    expect(stderr).not.toMatch(/restarted/);
  }, 240_000);

  it('loads on the CPU when the GPU cannot hold the model (a real driver limit; ggml aborts)', async () => {
    // A 4 KB buffer limit makes ggml-vulkan's allocation fail; ggml then aborts the process.
    const { stderr, text } = await transcribe({ GGML_VK_FORCE_MAX_BUFFER_SIZE: '4096' });
    expect(text.trim().length).toBeGreaterThan(0);
    expect(stderr).toMatch(/stopped while using the GPU; it is restarted on the CPU/);
    expect(stderr).toMatch(/loaded in \d+ ms on CPU/);
    expect(stderr).toMatch(/stopped while loading a model onto the GPU/);
  }, 240_000);
});

describe.skipIf(!loader)('a dictation when the GPU fails (EngineHost + DictationController)', () => {
  const setups: { host: EngineHost; controller: DictationController }[] = [];
  afterAll(async () => {
    for (const { host, controller } of setups) {
      await controller.dispose();
      await host.stop();
    }
  });

  const dictateWith = async (fault: NodeJS.ProcessEnv) => {
    const host = new EngineHost({
      startChannel: () => forkEngineChannel({ env: lavapipeEnv(fault) }),
      clientName: 'gpu-dictation-test',
      logger: silentLogger(),
      backoffMs: [50, 200],
    });
    await host.start();
    const loaded = await host.loadModel(fixtures.microModel, { useGpu: true, gpuDevice: null });
    expect(loaded.gpu).toBe(true);
    await host.listen({
      vadModelPath: fixtures.sileroVad,
      silenceMs: 800,
      preRollMs: 500,
      options: { language: 'en' },
    });
    const source = new PushSource();
    const delivered: string[] = [];
    const events: DictationEvent[] = [];
    const controller = new DictationController({
      engine: host,
      createSource: () => source,
      deliver: recordedDelivery(delivered),
      onCompleted: () => {},
      logger: silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    setups.push({ host, controller });
    controller.subscribe((e) => events.push(e));
    await controller.arm();
    source.push(new Float32Array(SR));
    const sessionId = await controller.start('hotkey');
    source.push(speech);
    source.push(new Float32Array(SR / 2));
    await controller.stop();
    const text = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no text delivered')), 180_000);
      const check = () => {
        const done = events.find((e) => e.type === 'delivered' && e.sessionId === sessionId);
        if (done?.type === 'delivered') {
          clearTimeout(timer);
          resolve(done.text);
        }
      };
      controller.subscribe(check);
      check();
    });
    return { host, text, pid: host.pid };
  };

  it('delivers the words from the CPU when a GPU run fails, and the window can say why', async () => {
    const { host, text } = await dictateWith({ DICTATION_TEST_GPU_FAULT: 'run-fail' });
    expect(text.trim().length).toBeGreaterThan(0);
    expect(host.loadedModel).toMatchObject({
      gpu: false,
      gpuFallbackReason: expect.stringMatching(/failed/),
    });
  }, 240_000);

  it('delivers the words after the GPU took the engine down, from a restarted engine on the CPU', async () => {
    const { host, text } = await dictateWith({ DICTATION_TEST_GPU_FAULT: 'run-exit' });
    expect(text.trim().length).toBeGreaterThan(0);
    expect(host.state).toBe('ready');
    expect(host.loadedModel?.gpu).toBe(false);
    expect(host.loadedModel?.gpuFallbackReason).toMatch(
      /failed earlier \(the speech engine stopped while using it/,
    );
  }, 240_000);
});

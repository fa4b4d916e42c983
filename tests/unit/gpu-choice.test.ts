import { describe, expect, it } from 'vitest';
import { GpuFailureMemory } from '../../src/engine/client/gpu-failure-memory.js';
import { chooseGpu } from '../../src/engine/device/gpu-choice.js';
import {
  GPU_DEADLINE_BASE_MS,
  GPU_DEADLINE_FIRST_RUN_MS,
  gpuRunDeadlineMs,
} from '../../src/engine/device/gpu-deadline.js';
import { describeMissingGpu } from '../../src/engine/device/missing-gpu.js';
import type { BackendDevice, ModelLoadInfo } from '../../src/shared/engine-protocol.js';

const gpu = (name: string, description: string): BackendDevice => ({
  name,
  description,
  type: 'gpu',
  backend: 'Vulkan',
});
const rtx = gpu('Vulkan0', 'NVIDIA GeForce RTX 3060');
const intel = gpu('Vulkan1', 'Intel(R) UHD Graphics 770');
const none = () => 'no Vulkan driver';

describe('chooseGpu', () => {
  it('takes the first GPU unless the settings name one, by description or by id', () => {
    expect(chooseGpu([rtx, intel], null, [], none)).toEqual({ ok: true, index: 0, device: rtx });
    expect(chooseGpu([rtx, intel], 'Intel(R) UHD Graphics 770', [], none)).toMatchObject({ index: 1 });
    expect(chooseGpu([rtx, intel], 'Vulkan1', [], none)).toMatchObject({ index: 1 });
  });

  it('says why there is no GPU, and which GPUs there are when the chosen one is missing', () => {
    expect(chooseGpu([], null, [], none)).toEqual({ ok: false, reason: 'no Vulkan driver' });
    const missing = chooseGpu([rtx], 'Radeon RX 7600', [], none);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toMatch(/"Radeon RX 7600".*not present.*RTX 3060/);
  });

  it('does not try a GPU that failed before, nor any GPU after a failure of an unknown one', () => {
    const failed = chooseGpu([rtx, intel], null, [{ device: 'Vulkan0', reason: 'a run failed' }], none);
    expect(failed).toMatchObject({ ok: false });
    if (!failed.ok)
      expect(failed.reason).toMatch(/RTX 3060 failed earlier \(a run failed\).*not tried again/);
    expect(chooseGpu([rtx, intel], 'Vulkan1', [{ device: 'Vulkan0', reason: 'x' }], none)).toMatchObject({
      ok: true,
      index: 1,
    });
    expect(chooseGpu([rtx, intel], 'Vulkan1', [{ device: '*', reason: 'x' }], none).ok).toBe(false);
  });
});

describe('gpuRunDeadlineMs', () => {
  it('grows with the audio, gives the first run time to compile shaders, and can be fixed by env', () => {
    const later = gpuRunDeadlineMs({ workMs: 5000, firstRun: false }, {});
    expect(later).toBe(GPU_DEADLINE_BASE_MS + 15_000);
    expect(gpuRunDeadlineMs({ workMs: 5000, firstRun: true }, {})).toBe(later + GPU_DEADLINE_FIRST_RUN_MS);
    expect(gpuRunDeadlineMs({ workMs: 30_000, firstRun: false }, {})).toBeGreaterThan(later);
    expect(gpuRunDeadlineMs({ workMs: 5000, firstRun: true }, { DICTATION_GPU_DEADLINE_MS: '2500' })).toBe(
      2500,
    );
  });
});

describe('describeMissingGpu (what ggml said while loading the Vulkan back-end)', () => {
  const status = (loadError: string, registered = false, devices = 0) => ({ registered, devices, loadError });
  it('tells the missing loader, the missing driver, a build without Vulkan and a CPU-only driver apart', () => {
    expect(
      describeMissingGpu(
        status('failed to load libggml-vulkan.so: libvulkan.so.1: cannot open shared object file'),
        'linux',
      ),
    ).toMatch(/^no Vulkan loader is installed/);
    expect(
      describeMissingGpu(
        status('failed to initialize backend from x: ggml_backend_init returned NULL'),
        'linux',
      ),
    ).toMatch(/no working driver/);
    expect(describeMissingGpu(status('not built into this copy of the app (x is missing)'), 'linux')).toMatch(
      /built without the Vulkan back-end/,
    );
    expect(describeMissingGpu(status('', true, 0), 'linux')).toMatch(/lists no GPU.*GGML_VK_VISIBLE_DEVICES/);
    expect(describeMissingGpu(null, 'darwin')).toMatch(/Metal/);
  });
});

describe('GpuFailureMemory', () => {
  const info = (gpu: boolean, failedGpu?: ModelLoadInfo['failedGpu']): ModelLoadInfo => ({
    path: '/m.bin',
    type: 'tiny',
    multilingual: false,
    windowMs: 30_000,
    gpu,
    device: gpu ? rtx : { name: 'CPU', description: 'CPU', type: 'cpu', backend: 'CPU' },
    loadMs: 1,
    ...(failedGpu ? { failedGpu } : {}),
  });
  const settings = { useGpu: true, gpuDevice: null };

  it('keeps reported failures for the next loads until the GPU settings change', () => {
    const memory = new GpuFailureMemory();
    expect(memory.forLoad(settings)).toEqual([]);
    memory.noteModel(info(false, { device: 'Vulkan0', reason: 'a run failed' }));
    expect(memory.forLoad(settings)).toEqual([{ device: 'Vulkan0', reason: 'a run failed' }]);
    expect(memory.forLoad({ useGpu: true, gpuDevice: 'Vulkan1' })).toEqual([]);
  });

  it('counts a crash while on a GPU, or while loading onto one, as that GPU failing', () => {
    const memory = new GpuFailureMemory();
    memory.forLoad(settings);
    memory.noteCrash(info(false), false, 'exit code 1');
    expect(memory.list).toEqual([]);
    memory.noteCrash(info(true), false, 'exit code 1');
    expect(memory.list).toEqual([
      { device: 'Vulkan0', reason: expect.stringMatching(/stopped while using it/) },
    ]);
    memory.noteCrash(null, true, 'signal SIGSEGV');
    expect(memory.list.map((f) => f.device)).toEqual(['Vulkan0', '*']);
  });
});

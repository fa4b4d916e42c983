import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EngineChannel } from '../engine/client/engine-client.js';
import type { GpuSettings } from '../engine/client/gpu-failure-memory.js';
import { inProcessEngineChannel } from '../engine/client/in-process-engine.js';
import { readAppSettings } from './cli-settings.js';
import { engineHomeFor } from './engine-home.js';

interface EarlyEngine {
  modelPath: string;
  gpu: GpuSettings;
  channel: EngineChannel;
}

let early: Promise<EarlyEngine | null> | null = null;

/**
 * `dictation transcribe --model FILE` on the CPU: the in-process engine starts loading FILE before the
 * rest of the program has loaded, so the model load (on libuv's thread pool) overlaps that. Only reads
 * argv and the settings; the command validates everything later and takes this engine if it asks for
 * the same model and GPU settings (a GPU run forks its engine, and starts it then).
 */
export function startEngineEarly(args: readonly string[]): void {
  if (args[0] !== 'transcribe' || args.includes('--help') || args.includes('-h')) return;
  const model = flagValue(args, '-m', '--model');
  if (!model || !existsSync(model)) return; // a model name, or the active model: resolved by the command
  early = (async () => {
    const { settings } = await readAppSettings();
    const gpu: GpuSettings = {
      useGpu: !args.includes('--no-gpu') && settings.speech.useGpu,
      gpuDevice: flagValue(args, '--gpu-device') ?? settings.speech.gpuDevice,
    };
    if (engineHomeFor(gpu) !== 'in-process') return null;
    const modelPath = path.resolve(model);
    const options = { useGpu: gpu.useGpu, gpuDevice: gpu.gpuDevice, failedGpus: [], flashAttn: true };
    return { modelPath, gpu, channel: inProcessEngineChannel({ modelPath, options }) };
  })().catch(() => null); // the command starts its engine itself, and reports what fails then
}

/** The early engine, if it was started for this model and these GPU settings; once. */
export async function takeEarlyEngine(modelPath: string, gpu: GpuSettings): Promise<EngineChannel | null> {
  const started = await early;
  early = null;
  if (!started) return null;
  const same =
    started.modelPath === modelPath &&
    started.gpu.useGpu === gpu.useGpu &&
    started.gpu.gpuDevice === gpu.gpuDevice;
  if (same) return started.channel;
  started.channel.kill();
  return null;
}

function flagValue(args: readonly string[], ...names: string[]): string | undefined {
  let value: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (names.includes(arg)) value = args[i + 1];
    for (const name of names)
      if (name.startsWith('--') && arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  }
  return value;
}

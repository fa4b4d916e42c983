import { z } from 'zod';
import type { ModelInfo } from './engine-protocol.js';

/** A ggml device the engine can run a model on (its hello reply lists them all). */
export const BackendDevice = z.object({
  /** ggml's id: "CPU", "Vulkan0", "MTL0". */
  name: z.string(),
  /** What a person calls it: "llvmpipe (LLVM 15.0.6, 256 bits)", "AMD EPYC 7B13". */
  description: z.string(),
  /** "cpu", "gpu", "igpu" (integrated GPU) or "other". */
  type: z.string(),
  /** The ggml back-end: "CPU", "Vulkan", "Metal". */
  backend: z.string(),
});
export type BackendDevice = z.infer<typeof BackendDevice>;

/** A GPU the speech engine can use, as the settings' device select lists it: a BackendDevice, renamed. */
const SpeechGpu = z.object({
  /** ggml's id ("Vulkan0"); stored in the settings when two GPUs share a name. */
  id: BackendDevice.shape.name,
  /** What a person calls it ("NVIDIA GeForce RTX 3060"). */
  name: BackendDevice.shape.description,
  /** "Vulkan", "Metal". */
  backend: BackendDevice.shape.backend,
});
export type SpeechGpu = z.infer<typeof SpeechGpu>;

/** The speech_devices reply: the GPUs found, and where the loaded model runs (and why not the GPU). */
export const SpeechDevices = z.object({
  gpus: z.array(SpeechGpu),
  inUse: z.object({ name: z.string(), gpu: z.boolean(), fallbackReason: z.string().nullable() }).nullable(),
});
export type SpeechDevices = z.infer<typeof SpeechDevices>;

export function speechDevicesFrom(devices: readonly BackendDevice[], model: ModelInfo | null): SpeechDevices {
  return {
    gpus: devices
      .filter((d) => d.type === 'gpu' || d.type === 'igpu')
      .map((d) => ({ id: d.name, name: d.description, backend: d.backend })),
    inUse: model
      ? { name: model.device.description, gpu: model.gpu, fallbackReason: model.gpuFallbackReason ?? null }
      : null,
  };
}

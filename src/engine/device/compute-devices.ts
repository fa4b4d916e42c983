import type { BackendDevice } from '../../shared/engine-protocol.js';

/** GPUs and integrated GPUs, in ggml's order: whisper.cpp's gpu_device is an index into this list. */
export function gpuDevices(devices: readonly BackendDevice[]): BackendDevice[] {
  return devices.filter((device) => device.type === 'gpu' || device.type === 'igpu');
}

/** The CPU device (ggml always registers one). */
export function cpuDevice(devices: readonly BackendDevice[]): BackendDevice {
  return (
    devices.find((device) => device.type === 'cpu') ?? {
      name: 'CPU',
      description: 'CPU',
      type: 'cpu',
      backend: 'CPU',
    }
  );
}

/** "llvmpipe (LLVM 15.0.6, 256 bits) (Vulkan0)": what a log line or the CLI shows. */
export function deviceLabel(device: BackendDevice): string {
  return device.type === 'cpu' ? `CPU (${device.description})` : `${device.description} (${device.name})`;
}

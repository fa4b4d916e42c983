import path from 'node:path';
import type { NativeAddon, NativeBackendStatus } from '../whisper/native-addon.js';

/** The file name of ggml's Vulkan back-end on this platform, or null where the app does not build it. */
export function vulkanLibraryName(platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'linux') return 'libggml-vulkan.so';
  if (platform === 'win32') return 'ggml-vulkan.dll';
  return null;
}

/**
 * One sentence on why no GPU is listed, for the model info and the CLI: the back-end was not built,
 * the Vulkan loader is missing, no driver works, or the driver lists no usable GPU.
 */
export function explainMissingGpu(addon: NativeAddon, addonDir: string): string {
  const library = vulkanLibraryName();
  if (!library) return describeMissingGpu(null);
  return describeMissingGpu(addon.backendStatus('Vulkan', path.join(addonDir, library)));
}

/** The sentence for what ggml said when it loaded (or failed to load) the Vulkan back-end. */
export function describeMissingGpu(
  status: NativeBackendStatus | null,
  platform: NodeJS.Platform = process.platform,
): string {
  if (!status) {
    return platform === 'darwin'
      ? 'Metal lists no GPU on this Mac'
      : `the app has no GPU back-end for ${platform}`;
  }
  if (status.registered) {
    return status.devices === 0
      ? 'the Vulkan driver lists no GPU (a CPU-only driver such as llvmpipe is used only when GGML_VK_VISIBLE_DEVICES names it)'
      : 'the Vulkan GPU was not listed when the engine started';
  }
  const error = status.loadError;
  if (/not built/.test(error)) {
    return 'this copy of the app was built without the Vulkan back-end (the Vulkan headers, glslc or SPIRV-Headers were missing when it was built)';
  }
  if (/libvulkan|vulkan-1|cannot open shared object|could not be found|error loading/i.test(error)) {
    return `no Vulkan loader is installed (${error}); install the GPU's Vulkan driver (Debian/Ubuntu: libvulkan1 with mesa-vulkan-drivers or the NVIDIA driver)`;
  }
  if (/returned NULL/.test(error)) {
    return "the Vulkan loader found no working driver (vkCreateInstance failed); install or repair the GPU's Vulkan driver";
  }
  return `the Vulkan back-end did not load (${error || 'no reason given'})`;
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { vulkanLibraryName } from '../../src/engine/device/missing-gpu.js';
import { addonDirectory } from '../../src/engine/whisper/native-addon.js';

/** Debian's lavapipe: Mesa's Vulkan driver that runs on the CPU (package mesa-vulkan-drivers). */
export const LAVAPIPE_ICD = '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json';

/** Whether the Vulkan loader (libvulkan.so.1) is installed; without it the Vulkan tests skip. */
export function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return /libvulkan\.so\.1\b/.test(execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }));
  } catch {
    return ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib'].some((dir) =>
      existsSync(path.join(dir, 'libvulkan.so.1')),
    );
  }
}

export const SKIP_WITHOUT_VULKAN =
  'skipped: no Vulkan loader (libvulkan.so.1) on this machine; install libvulkan1 mesa-vulkan-drivers to run it';

/**
 * With the loader present the Vulkan tests must run, so what else they need is checked loudly:
 * the Vulkan back-end must have been built and lavapipe installed.
 */
export function requireLavapipeSetup(): void {
  const library = vulkanLibraryName();
  if (!library || !existsSync(path.join(addonDirectory(), library))) {
    throw new Error(
      `The Vulkan loader is installed but the addon was built without the Vulkan back-end (${library} is missing in ${addonDirectory()}). Install libvulkan-dev glslc spirv-headers and run npm run build:native.`,
    );
  }
  if (!existsSync(LAVAPIPE_ICD)) {
    throw new Error(
      `lavapipe is not installed (${LAVAPIPE_ICD} is missing): apt-get install mesa-vulkan-drivers`,
    );
  }
}

/**
 * The engine's environment for running on lavapipe: only its driver, and named in
 * GGML_VK_VISIBLE_DEVICES because ggml skips CPU-type Vulkan devices unless told to use them.
 */
export function lavapipeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    VK_DRIVER_FILES: LAVAPIPE_ICD,
    VK_ICD_FILENAMES: LAVAPIPE_ICD,
    GGML_VK_VISIBLE_DEVICES: '0',
    ...extra,
  };
}

/** A Vulkan loader that finds no driver at all (the ICD path points at nothing). */
export function noVulkanDriverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const nothing = '/nonexistent/vulkan/icd.json';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VK_DRIVER_FILES: nothing,
    VK_ICD_FILENAMES: nothing,
    ...extra,
  };
  delete env['GGML_VK_VISIBLE_DEVICES'];
  return env;
}

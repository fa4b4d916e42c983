// The ggml devices the addon can run a model on: described for JS, and found the way whisper.cpp
// counts them (its gpu_device is an index among the GPU and integrated-GPU devices, in ggml's order).
#pragma once

#include <napi.h>

#include <string>

#include "ggml-backend.h"

namespace dictation {

struct ComputeDevice {
  std::string name;         // ggml's id, e.g. "Vulkan0", "CPU"
  std::string description;  // what a person calls it, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
  std::string type;         // "cpu", "gpu", "igpu" or "other"
  std::string backend;      // the ggml back-end, e.g. "Vulkan", "Metal", "CPU"
};

ComputeDevice DescribeDevice(ggml_backend_dev_t dev);
Napi::Object DeviceToJs(Napi::Env env, const ComputeDevice& device);

/** The index-th GPU or integrated GPU as whisper.cpp counts them, or nullptr. */
ggml_backend_dev_t FindGpuDevice(int index);
int CountGpuDevices();

/**
 * whisper.cpp and parakeet.cpp quietly use the CPU when the GPU they are given cannot start; a load
 * asked to run on a GPU checks it first. Returns why the index-th GPU cannot be used ("" when it
 * starts), and describes it in `device` when it exists.
 */
std::string CheckGpuStarts(int index, ComputeDevice* device);

/**
 * Whether a run-time-loaded back-end registered, and if not, why: `file` (its library) is loaded
 * once more with ggml's errors captured, so "libvulkan.so.1: cannot open shared object file" or
 * "ggml_backend_init returned NULL" (no working driver) can be told to the user.
 * JS: backendStatus(name, file) -> { registered, devices, loadError }.
 */
Napi::Value BackendStatus(const Napi::CallbackInfo& info);

}  // namespace dictation

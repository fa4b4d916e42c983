#include "gpu-fault.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace dictation {

GpuFault GpuFaultFromEnv() {
  const char* value = std::getenv("DICTATION_TEST_GPU_FAULT");
  if (value == nullptr) return GpuFault::kNone;
  if (std::strcmp(value, "run-fail") == 0) return GpuFault::kRunFail;
  if (std::strcmp(value, "run-hang") == 0) return GpuFault::kRunHang;
  if (std::strcmp(value, "run-exit") == 0) return GpuFault::kRunExit;
  return GpuFault::kNone;
}

const char* GpuFaultName(GpuFault fault) {
  switch (fault) {
    case GpuFault::kRunFail: return "run-fail";
    case GpuFault::kRunHang: return "run-hang";
    case GpuFault::kRunExit: return "run-exit";
    default: return "none";
  }
}

void HangLikeADriver() {
  const char* value = std::getenv("DICTATION_TEST_GPU_FAULT_HANG_MS");
  const long ms = value != nullptr ? std::strtol(value, nullptr, 10) : 60000;
  std::this_thread::sleep_for(std::chrono::milliseconds(ms > 0 ? ms : 60000));
}

void ExitLikeADriver() {
  std::fprintf(stderr, "ggml_vulkan: vkWaitForFences error ErrorDeviceLost (injected by DICTATION_TEST_GPU_FAULT=run-exit)\n");
  std::fflush(stderr);
  std::exit(1);
}

}  // namespace dictation

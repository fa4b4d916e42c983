// Fault injection for tests of the GPU fallback, read from DICTATION_TEST_GPU_FAULT at each run.
// It only ever touches models loaded on a GPU, so a user who never sets it sees no difference:
//   run-fail  the run fails after the GPU ran the encoder (as a failed command buffer would)
//   run-hang  the run blocks, ignoring abort, for DICTATION_TEST_GPU_FAULT_HANG_MS (default 60000)
//   run-exit  the process exits with code 1 mid-run, as ggml-vulkan does on VK_ERROR_DEVICE_LOST
#pragma once

namespace dictation {

enum class GpuFault { kNone, kRunFail, kRunHang, kRunExit };

GpuFault GpuFaultFromEnv();
const char* GpuFaultName(GpuFault fault);
/** Blocks the calling thread as a hung driver would (run-hang). */
void HangLikeADriver();
/** Ends the process the way ggml-vulkan's VK_CHECK does (run-exit). */
[[noreturn]] void ExitLikeADriver();

}  // namespace dictation

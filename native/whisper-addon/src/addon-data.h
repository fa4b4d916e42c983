// Per-environment data, so the addon also works when loaded in several worker threads.
#pragma once

#include <napi.h>

namespace dictation {

struct AddonData {
  Napi::FunctionReference whisper_model;
  Napi::FunctionReference vad_model;
  Napi::FunctionReference parakeet_model;
};

inline AddonData& GetAddonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace dictation

// Silero voice activity detection through whisper.cpp's ggml VAD, resident between calls.
// process() keeps the network's recurrent state between calls so audio can be fed as it arrives.
#pragma once

#include <napi.h>

struct whisper_vad_context;

namespace dictation {

class VadModel : public Napi::ObjectWrap<VadModel> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit VadModel(const Napi::CallbackInfo& info);
  ~VadModel() override;

 private:
  static Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value Process(const Napi::CallbackInfo& info);
  Napi::Value Reset(const Napi::CallbackInfo& info);
  Napi::Value WindowSamples(const Napi::CallbackInfo& info);
  Napi::Value Free(const Napi::CallbackInfo& info);

  whisper_vad_context* ctx_ = nullptr;
};

}  // namespace dictation

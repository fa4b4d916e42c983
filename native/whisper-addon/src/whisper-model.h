// A whisper.cpp context held resident in memory between transcriptions.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "compute-device.h"

struct whisper_context;

namespace dictation {

/** What a load hands to the JS object: the context and the device it runs on. */
struct LoadedContext {
  whisper_context* ctx = nullptr;
  ComputeDevice device;
  bool on_gpu = false;
};

class WhisperModel : public Napi::ObjectWrap<WhisperModel> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit WhisperModel(const Napi::CallbackInfo& info);
  ~WhisperModel() override;

  whisper_context* context() const { return ctx_; }
  bool on_gpu() const { return on_gpu_; }
  std::shared_ptr<std::atomic<bool>> abort_flag() const { return abort_flag_; }
  void SetBusy(bool busy);

 private:
  static Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value Transcribe(const Napi::CallbackInfo& info);
  Napi::Value Abort(const Napi::CallbackInfo& info);
  Napi::Value Free(const Napi::CallbackInfo& info);
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value IsBusy(const Napi::CallbackInfo& info);
  void FreeNow();

  whisper_context* ctx_ = nullptr;
  ComputeDevice device_;
  bool on_gpu_ = false;
  bool busy_ = false;
  bool free_requested_ = false;
  std::shared_ptr<std::atomic<bool>> abort_flag_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace dictation

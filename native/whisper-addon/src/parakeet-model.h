// A parakeet.cpp context (NVIDIA Parakeet TDT) held resident in memory between transcriptions,
// the twin of WhisperModel: load(path, options) off the main thread, transcribe, abort, free, info.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

struct parakeet_context;

namespace dictation {

class ParakeetModel : public Napi::ObjectWrap<ParakeetModel> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit ParakeetModel(const Napi::CallbackInfo& info);
  ~ParakeetModel() override;

  parakeet_context* context() const { return ctx_; }
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

  parakeet_context* ctx_ = nullptr;
  bool busy_ = false;
  bool free_requested_ = false;
  std::shared_ptr<std::atomic<bool>> abort_flag_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace dictation

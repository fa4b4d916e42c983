#include "parakeet-model.h"

#include <exception>
#include <string>

#include "addon-data.h"
#include "compute-device.h"
#include "log-buffer.h"
#include "parakeet-worker.h"
#include "parakeet.h"

namespace dictation {

namespace {

struct LoadOptions {
  std::string path;
  bool use_gpu = false;
  int gpu_device = 0;
};

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, LoadOptions options)
      : Napi::AsyncWorker(env), options_(std::move(options)), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    if (options_.use_gpu) {
      const std::string problem = CheckGpuStarts(options_.gpu_device, nullptr);
      if (!problem.empty()) {
        SetError(problem);
        return;
      }
    }
    parakeet_context_params params = parakeet_context_default_params();
    params.use_gpu = options_.use_gpu;
    params.gpu_device = options_.gpu_device;
    // parakeet_init_state can throw (a back-end that fails to start); nothing may escape the worker.
    try {
      ctx_ = parakeet_init_from_file_with_params(options_.path.c_str(), params);
    } catch (const std::exception& e) {
      ctx_ = nullptr;
      SetError(std::string("parakeet.cpp could not load the model: ") + e.what());
      return;
    }
    if (ctx_ == nullptr) {
      std::string detail = RecentErrorText();
      SetError(detail.empty() ? "parakeet.cpp could not load the model" : detail);
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object model =
        GetAddonData(env).parakeet_model.New({Napi::External<parakeet_context>::New(env, ctx_)});
    deferred_.Resolve(model);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  LoadOptions options_;
  parakeet_context* ctx_ = nullptr;
  Napi::Promise::Deferred deferred_;
};

}  // namespace

Napi::Function ParakeetModel::Define(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "ParakeetModel",
                                  {
                                      StaticMethod<&ParakeetModel::Load>("load"),
                                      InstanceMethod<&ParakeetModel::Transcribe>("transcribe"),
                                      InstanceMethod<&ParakeetModel::Abort>("abort"),
                                      InstanceMethod<&ParakeetModel::Free>("free"),
                                      InstanceMethod<&ParakeetModel::Info>("info"),
                                      InstanceMethod<&ParakeetModel::IsBusy>("isBusy"),
                                  });
  GetAddonData(env).parakeet_model = Napi::Persistent(fn);
  return fn;
}

ParakeetModel::ParakeetModel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ParakeetModel>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "ParakeetModel is created with ParakeetModel.load(path, options)");
  }
  ctx_ = info[0].As<Napi::External<parakeet_context>>().Data();
}

ParakeetModel::~ParakeetModel() {
  // A transcription worker holds a reference to this object while it runs, so busy_ is false here.
  FreeNow();
}

void ParakeetModel::FreeNow() {
  if (ctx_ != nullptr) {
    parakeet_free(ctx_);
    ctx_ = nullptr;
  }
}

void ParakeetModel::SetBusy(bool busy) {
  busy_ = busy;
  if (!busy && free_requested_) FreeNow();
}

Napi::Value ParakeetModel::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(env, "load(path, options): path must be a string");
  }
  LoadOptions options;
  options.path = info[0].As<Napi::String>();
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    if (o.Has("useGpu")) options.use_gpu = o.Get("useGpu").ToBoolean();
    if (o.Has("gpuDevice")) options.gpu_device = o.Get("gpuDevice").ToNumber().Int32Value();
  }
  auto* worker = new LoadWorker(env, std::move(options));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value ParakeetModel::Transcribe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr || free_requested_) throw Napi::Error::New(env, "the model has been unloaded");
  if (busy_) throw Napi::Error::New(env, "a transcription is already running on this model");
  if (info.Length() < 2 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array || !info[1].IsObject()) {
    throw Napi::TypeError::New(env, "transcribe(pcm: Float32Array, options, onEvent?)");
  }
  Napi::Float32Array pcm = info[0].As<Napi::Float32Array>();
  ParakeetOptions options = ParseParakeetOptions(info[1].As<Napi::Object>());
  Napi::Function on_event = info.Length() > 2 && info[2].IsFunction() ? info[2].As<Napi::Function>() : Napi::Function();
  abort_flag_->store(false);
  return StartParakeetTranscription(env, this, pcm, options, on_event);
}

Napi::Value ParakeetModel::Abort(const Napi::CallbackInfo& info) {
  abort_flag_->store(true);
  return Napi::Boolean::New(info.Env(), busy_);
}

Napi::Value ParakeetModel::Free(const Napi::CallbackInfo& info) {
  if (busy_) {
    free_requested_ = true;
    abort_flag_->store(true);
  } else {
    FreeNow();
  }
  return info.Env().Undefined();
}

Napi::Value ParakeetModel::IsBusy(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), busy_); }

Napi::Value ParakeetModel::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr) throw Napi::Error::New(env, "the model has been unloaded");
  Napi::Object out = Napi::Object::New(env);
  out.Set("vocab", parakeet_model_n_vocab(ctx_));
  out.Set("audioCtx", parakeet_model_n_audio_ctx(ctx_));
  out.Set("audioState", parakeet_model_n_audio_state(ctx_));
  out.Set("audioHeads", parakeet_model_n_audio_head(ctx_));
  out.Set("audioLayers", parakeet_model_n_audio_layer(ctx_));
  out.Set("mels", parakeet_model_n_mels(ctx_));
  out.Set("ftype", parakeet_model_ftype(ctx_));
  // One mel frame per 10 ms (hop 160 at 16 kHz): the longest input the encoder graph is sized for.
  out.Set("windowMs", parakeet_model_n_audio_ctx(ctx_) * 10);
  return out;
}

}  // namespace dictation

#include "whisper-model.h"

#include <memory>
#include <string>

#include "addon-data.h"
#include "log-buffer.h"
#include "transcribe-worker.h"
#include "whisper.h"

namespace dictation {

namespace {

struct LoadOptions {
  std::string path;
  bool use_gpu = false;
  bool flash_attn = false;
  int gpu_device = 0;
};

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, LoadOptions options)
      : Napi::AsyncWorker(env), options_(std::move(options)), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    // whisper.cpp quietly uses the CPU when the GPU it was given cannot start, so the device is
    // checked here first: a model said to run on a GPU really does.
    if (options_.use_gpu && !CheckGpu()) return;
    if (!options_.use_gpu) loaded_.device = DescribeDevice(ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU));
    whisper_context_params params = whisper_context_default_params();
    params.use_gpu = options_.use_gpu;
    params.flash_attn = options_.flash_attn;
    params.gpu_device = options_.gpu_device;
    const uint64_t mark = LogMark();
    loaded_.ctx = whisper_init_from_file_with_params(options_.path.c_str(), params);
    loaded_.on_gpu = options_.use_gpu;
    if (loaded_.ctx == nullptr) {
      std::string detail = ErrorTextSince(mark);
      SetError(detail.empty() ? "whisper.cpp could not load the model" : detail);
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    auto* loaded = new LoadedContext(loaded_);
    Napi::Object model = GetAddonData(Env()).whisper_model.New({Napi::External<LoadedContext>::New(env, loaded)});
    deferred_.Resolve(model);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  bool CheckGpu() {
    const std::string problem = CheckGpuStarts(options_.gpu_device, &loaded_.device);
    if (!problem.empty()) SetError(problem);
    return problem.empty();
  }

  LoadOptions options_;
  LoadedContext loaded_;
  Napi::Promise::Deferred deferred_;
};

}  // namespace

Napi::Function WhisperModel::Define(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "WhisperModel",
                                  {
                                      StaticMethod<&WhisperModel::Load>("load"),
                                      InstanceMethod<&WhisperModel::Transcribe>("transcribe"),
                                      InstanceMethod<&WhisperModel::Abort>("abort"),
                                      InstanceMethod<&WhisperModel::Free>("free"),
                                      InstanceMethod<&WhisperModel::Info>("info"),
                                      InstanceMethod<&WhisperModel::IsBusy>("isBusy"),
                                  });
  GetAddonData(env).whisper_model = Napi::Persistent(fn);
  return fn;
}

WhisperModel::WhisperModel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<WhisperModel>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "WhisperModel is created with WhisperModel.load(path, options)");
  }
  std::unique_ptr<LoadedContext> loaded(info[0].As<Napi::External<LoadedContext>>().Data());
  ctx_ = loaded->ctx;
  device_ = loaded->device;
  on_gpu_ = loaded->on_gpu;
}

WhisperModel::~WhisperModel() {
  // A transcription worker holds a reference to this object while it runs, so busy_ is false here.
  FreeNow();
}

void WhisperModel::FreeNow() {
  if (ctx_ != nullptr) {
    whisper_free(ctx_);
    ctx_ = nullptr;
  }
}

void WhisperModel::SetBusy(bool busy) {
  busy_ = busy;
  if (!busy && free_requested_) FreeNow();
}

Napi::Value WhisperModel::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(env, "load(path, options): path must be a string");
  }
  LoadOptions options;
  options.path = info[0].As<Napi::String>();
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    if (o.Has("useGpu")) options.use_gpu = o.Get("useGpu").ToBoolean();
    if (o.Has("flashAttn")) options.flash_attn = o.Get("flashAttn").ToBoolean();
    if (o.Has("gpuDevice")) options.gpu_device = o.Get("gpuDevice").ToNumber().Int32Value();
  }
  auto* worker = new LoadWorker(env, std::move(options));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value WhisperModel::Transcribe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr || free_requested_) throw Napi::Error::New(env, "the model has been unloaded");
  if (busy_) throw Napi::Error::New(env, "a transcription is already running on this model");
  if (info.Length() < 2 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
      !info[1].IsObject()) {
    throw Napi::TypeError::New(env, "transcribe(pcm: Float32Array, options, onEvent?)");
  }
  Napi::Float32Array pcm = info[0].As<Napi::Float32Array>();
  TranscribeOptions options = ParseTranscribeOptions(info[1].As<Napi::Object>());
  Napi::Function on_event = info.Length() > 2 && info[2].IsFunction() ? info[2].As<Napi::Function>() : Napi::Function();
  abort_flag_->store(false);
  return StartTranscription(env, this, pcm, std::move(options), on_event);
}

Napi::Value WhisperModel::Abort(const Napi::CallbackInfo& info) {
  abort_flag_->store(true);
  return Napi::Boolean::New(info.Env(), busy_);
}

Napi::Value WhisperModel::Free(const Napi::CallbackInfo& info) {
  if (busy_) {
    free_requested_ = true;
    abort_flag_->store(true);
  } else {
    FreeNow();
  }
  return info.Env().Undefined();
}

Napi::Value WhisperModel::IsBusy(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), busy_); }

Napi::Value WhisperModel::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr) throw Napi::Error::New(env, "the model has been unloaded");
  Napi::Object out = Napi::Object::New(env);
  out.Set("type", whisper_model_type_readable(ctx_));
  out.Set("multilingual", Napi::Boolean::New(env, whisper_is_multilingual(ctx_) != 0));
  out.Set("vocab", whisper_model_n_vocab(ctx_));
  out.Set("audioCtx", whisper_model_n_audio_ctx(ctx_));
  out.Set("audioLayers", whisper_model_n_audio_layer(ctx_));
  out.Set("textLayers", whisper_model_n_text_layer(ctx_));
  out.Set("mels", whisper_model_n_mels(ctx_));
  out.Set("ftype", whisper_model_ftype(ctx_));
  // The encoder sees 2 mel frames (20 ms) per audio position, so this is the model's audio window.
  out.Set("windowMs", whisper_model_n_audio_ctx(ctx_) * 20);
  out.Set("device", DeviceToJs(env, device_));
  out.Set("onGpu", Napi::Boolean::New(env, on_gpu_));
  return out;
}

}  // namespace dictation

#include "vad-model.h"

#include <string>
#include <vector>

#include "addon-data.h"
#include "log-buffer.h"
#include "whisper.h"

namespace dictation {

namespace {

// Silero works on 512-sample (32 ms) windows at 16 kHz.
constexpr int kWindowSamples = 512;

class VadLoadWorker : public Napi::AsyncWorker {
 public:
  VadLoadWorker(Napi::Env env, std::string path, int threads)
      : Napi::AsyncWorker(env), path_(std::move(path)), threads_(threads), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    whisper_vad_context_params params = whisper_vad_default_context_params();
    params.n_threads = threads_;
    params.use_gpu = false;
    ctx_ = whisper_vad_init_from_file_with_params(path_.c_str(), params);
    if (ctx_ == nullptr) {
      std::string detail = RecentErrorText();
      SetError(detail.empty() ? "whisper.cpp could not load the VAD model" : detail);
    }
  }
  void OnOK() override {
    deferred_.Resolve(GetAddonData(Env()).vad_model.New({Napi::External<whisper_vad_context>::New(Env(), ctx_)}));
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  std::string path_;
  int threads_;
  whisper_vad_context* ctx_ = nullptr;
  Napi::Promise::Deferred deferred_;
};

}  // namespace

Napi::Function VadModel::Define(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "VadModel",
                                  {
                                      StaticMethod<&VadModel::Load>("load"),
                                      InstanceMethod<&VadModel::Process>("process"),
                                      InstanceMethod<&VadModel::Reset>("reset"),
                                      InstanceMethod<&VadModel::WindowSamples>("windowSamples"),
                                      InstanceMethod<&VadModel::Free>("free"),
                                  });
  GetAddonData(env).vad_model = Napi::Persistent(fn);
  return fn;
}

VadModel::VadModel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<VadModel>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "VadModel is created with VadModel.load(path, threads)");
  }
  ctx_ = info[0].As<Napi::External<whisper_vad_context>>().Data();
}

VadModel::~VadModel() {
  if (ctx_ != nullptr) whisper_vad_free(ctx_);
}

Napi::Value VadModel::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "load(path, threads)");
  int threads = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 1;
  auto* worker = new VadLoadWorker(env, info[0].As<Napi::String>(), threads < 1 ? 1 : threads);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// Synchronous on purpose: a 32 ms window costs well under a millisecond, far less than a thread hop.
Napi::Value VadModel::Process(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ctx_ == nullptr) throw Napi::Error::New(env, "the VAD model has been unloaded");
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(env, "process(samples: Float32Array)");
  }
  Napi::Float32Array samples = info[0].As<Napi::Float32Array>();
  const size_t n = samples.ElementLength();
  if (n == 0 || n % kWindowSamples != 0) {
    throw Napi::RangeError::New(env, "process() needs a whole number of 512-sample windows");
  }
  if (!whisper_vad_detect_speech_no_reset(ctx_, samples.Data(), static_cast<int>(n))) {
    throw Napi::Error::New(env, "VAD failed: " + RecentErrorText());
  }
  const int count = whisper_vad_n_probs(ctx_);
  const float* probs = whisper_vad_probs(ctx_);
  Napi::Float32Array out = Napi::Float32Array::New(env, count);
  for (int i = 0; i < count; i++) out[i] = probs[i];
  return out;
}

Napi::Value VadModel::Reset(const Napi::CallbackInfo& info) {
  if (ctx_ != nullptr) whisper_vad_reset_state(ctx_);
  return info.Env().Undefined();
}

Napi::Value VadModel::WindowSamples(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), kWindowSamples);
}

Napi::Value VadModel::Free(const Napi::CallbackInfo& info) {
  if (ctx_ != nullptr) {
    whisper_vad_free(ctx_);
    ctx_ = nullptr;
  }
  return info.Env().Undefined();
}

}  // namespace dictation

// Entry point of dictation_whisper.node.
#include <napi.h>

#include <string>

#include "ggml-backend.h"
#include "addon-data.h"
#include "compute-device.h"
#include "log-buffer.h"
#include "parakeet-model.h"
#include "vad-model.h"
#include "whisper-model.h"
#include "whisper.h"

namespace dictation {
Napi::Object Init(Napi::Env env, Napi::Object exports);

namespace {

bool g_backends_loaded = false;

// With GGML_BACKEND_DL the CPU kernels live in one library per CPU generation next to this addon;
// ggml scores each against the running CPU and loads the best one it can run. The Vulkan back-end
// (libggml-vulkan.so / ggml-vulkan.dll), when built, is loaded the same way; without a Vulkan loader
// or driver it does not load, and backendStatus() says why.
Napi::Value LoadBackends(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!g_backends_loaded) {
    if (info.Length() > 0 && info[0].IsString()) {
      std::string dir = info[0].As<Napi::String>();
      ggml_backend_load_all_from_path(dir.c_str());
    } else {
      ggml_backend_load_all();
    }
    g_backends_loaded = true;
  }
  Napi::Array devices = Napi::Array::New(env);
  for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
    devices.Set(devices.Length(), DeviceToJs(env, DescribeDevice(ggml_backend_dev_get(i))));
  }
  return devices;
}

Napi::Value SystemInfo(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), whisper_print_system_info());
}

Napi::Value Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), whisper_version()); }

Napi::Value RecentLog(const Napi::CallbackInfo& info) {
  size_t max = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Uint32Value() : 50;
  auto lines = RecentLogLines(max);
  Napi::Array out = Napi::Array::New(info.Env(), lines.size());
  for (size_t i = 0; i < lines.size(); i++) out.Set(i, lines[i]);
  return out;
}

Napi::Value SetEcho(const Napi::CallbackInfo& info) {
  SetLogEcho(info.Length() > 0 && info[0].ToBoolean());
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InstallLogCapture();
  env.SetInstanceData(new AddonData());
  exports.Set("loadBackends", Napi::Function::New(env, LoadBackends));
  exports.Set("backendStatus", Napi::Function::New(env, BackendStatus));
  exports.Set("systemInfo", Napi::Function::New(env, SystemInfo));
  exports.Set("version", Napi::Function::New(env, Version));
  exports.Set("recentLog", Napi::Function::New(env, RecentLog));
  exports.Set("setLogEcho", Napi::Function::New(env, SetEcho));
  exports.Set("WhisperModel", WhisperModel::Define(env));
  exports.Set("VadModel", VadModel::Define(env));
  exports.Set("ParakeetModel", ParakeetModel::Define(env));
  return exports;
}

}  // namespace dictation

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return dictation::Init(env, exports); }

NODE_API_MODULE(dictation_whisper, InitAddon)

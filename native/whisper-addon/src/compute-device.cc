#include "compute-device.h"

#include <filesystem>

#include "log-buffer.h"

namespace dictation {

namespace {

bool IsGpu(ggml_backend_dev_t dev) {
  const enum ggml_backend_dev_type type = ggml_backend_dev_type(dev);
  return type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU;
}

ggml_backend_reg_t FindRegistration(const std::string& name) {
  for (size_t i = 0; i < ggml_backend_reg_count(); i++) {
    ggml_backend_reg_t reg = ggml_backend_reg_get(i);
    if (name == ggml_backend_reg_name(reg)) return reg;
  }
  return nullptr;
}

}  // namespace

ComputeDevice DescribeDevice(ggml_backend_dev_t dev) {
  ComputeDevice out;
  out.name = ggml_backend_dev_name(dev);
  out.description = ggml_backend_dev_description(dev);
  switch (ggml_backend_dev_type(dev)) {
    case GGML_BACKEND_DEVICE_TYPE_CPU: out.type = "cpu"; break;
    case GGML_BACKEND_DEVICE_TYPE_GPU: out.type = "gpu"; break;
    case GGML_BACKEND_DEVICE_TYPE_IGPU: out.type = "igpu"; break;
    default: out.type = "other"; break;
  }
  ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(dev);
  out.backend = reg != nullptr ? ggml_backend_reg_name(reg) : "";
  return out;
}

Napi::Object DeviceToJs(Napi::Env env, const ComputeDevice& device) {
  Napi::Object d = Napi::Object::New(env);
  d.Set("name", device.name);
  d.Set("description", device.description);
  d.Set("type", device.type);
  d.Set("backend", device.backend);
  return d;
}

ggml_backend_dev_t FindGpuDevice(int index) {
  int count = 0;
  for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
    ggml_backend_dev_t dev = ggml_backend_dev_get(i);
    if (!IsGpu(dev)) continue;
    if (count == index) return dev;
    count++;
  }
  return nullptr;
}

int CountGpuDevices() {
  int count = 0;
  for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
    if (IsGpu(ggml_backend_dev_get(i))) count++;
  }
  return count;
}

std::string CheckGpuStarts(int index, ComputeDevice* device) {
  ggml_backend_dev_t dev = FindGpuDevice(index);
  if (dev == nullptr) {
    return "there is no GPU number " + std::to_string(index) + " (" + std::to_string(CountGpuDevices()) +
           " GPU devices)";
  }
  const ComputeDevice described = DescribeDevice(dev);
  if (device != nullptr) *device = described;
  const uint64_t mark = LogMark();
  ggml_backend_t probe = ggml_backend_dev_init(dev, nullptr);
  if (probe == nullptr) {
    const std::string detail = ErrorTextSince(mark);
    return "the GPU " + described.description + " could not be started" + (detail.empty() ? "" : ": " + detail);
  }
  ggml_backend_free(probe);
  return "";
}

Napi::Value BackendStatus(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    throw Napi::TypeError::New(env, "backendStatus(name: string, file: string)");
  }
  const std::string name = info[0].As<Napi::String>();
  const std::string file = info[1].As<Napi::String>();
  Napi::Object out = Napi::Object::New(env);
  ggml_backend_reg_t reg = FindRegistration(name);
  std::string load_error;
  if (reg == nullptr) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::u8path(file), ec)) {
      load_error = "not built into this copy of the app (" + file + " is missing)";
    } else {
      const uint64_t mark = LogMark();
      reg = ggml_backend_load(file.c_str());
      load_error = ErrorTextSince(mark);
      if (reg == nullptr && load_error.empty()) load_error = "ggml could not load " + file;
    }
  }
  out.Set("registered", Napi::Boolean::New(env, reg != nullptr));
  out.Set("devices", Napi::Number::New(env, reg != nullptr ? static_cast<double>(ggml_backend_reg_dev_count(reg)) : 0));
  out.Set("loadError", load_error);
  return out;
}

}  // namespace dictation

#include "transcribe-worker.h"

#include <atomic>
#include <memory>
#include <vector>

#include "gpu-fault.h"
#include "log-buffer.h"
#include "whisper-model.h"
#include "whisper.h"

namespace dictation {
namespace {

struct TokenOut {
  std::string text;
  int64_t t0_ms;
  int64_t t1_ms;
  float p;
};

struct SegmentOut {
  int index;
  int64_t t0_ms;
  int64_t t1_ms;
  std::string text;
  float no_speech_prob;
  std::vector<TokenOut> tokens;
};

// One item on the worker's queue back to the JS thread.
struct Event {
  int progress = -1;  // >= 0: a progress event
  SegmentOut segment;
};

SegmentOut ReadSegment(whisper_context* ctx, whisper_state* state, int i, bool with_tokens) {
  SegmentOut s;
  s.index = i;
  s.t0_ms = whisper_full_get_segment_t0_from_state(state, i) * 10;
  s.t1_ms = whisper_full_get_segment_t1_from_state(state, i) * 10;
  const char* text = whisper_full_get_segment_text_from_state(state, i);
  s.text = text != nullptr ? text : "";
  s.no_speech_prob = whisper_full_get_segment_no_speech_prob_from_state(state, i);
  if (with_tokens) {
    const int n = whisper_full_n_tokens_from_state(state, i);
    const whisper_token eot = whisper_token_eot(ctx);
    for (int j = 0; j < n; j++) {
      whisper_token_data d = whisper_full_get_token_data_from_state(state, i, j);
      if (d.id >= eot) continue;  // special and timestamp tokens carry no text
      const char* t = whisper_full_get_token_text_from_state(ctx, state, i, j);
      s.tokens.push_back({t != nullptr ? t : "", d.t0 * 10, d.t1 * 10, d.p});
    }
  }
  return s;
}

Napi::Object SegmentToJs(Napi::Env env, const SegmentOut& s) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("index", s.index);
  o.Set("startMs", Napi::Number::New(env, static_cast<double>(s.t0_ms)));
  o.Set("endMs", Napi::Number::New(env, static_cast<double>(s.t1_ms)));
  o.Set("text", s.text);
  o.Set("noSpeechProb", s.no_speech_prob);
  if (!s.tokens.empty()) {
    Napi::Array tokens = Napi::Array::New(env, s.tokens.size());
    for (size_t j = 0; j < s.tokens.size(); j++) {
      Napi::Object t = Napi::Object::New(env);
      t.Set("text", s.tokens[j].text);
      t.Set("startMs", Napi::Number::New(env, static_cast<double>(s.tokens[j].t0_ms)));
      t.Set("endMs", Napi::Number::New(env, static_cast<double>(s.tokens[j].t1_ms)));
      t.Set("p", s.tokens[j].p);
      tokens.Set(j, t);
    }
    o.Set("tokens", tokens);
  }
  return o;
}

class TranscribeWorker : public Napi::AsyncProgressQueueWorker<Event> {
 public:
  TranscribeWorker(Napi::Env env, WhisperModel* model, std::vector<float> pcm, TranscribeOptions options,
                   const Napi::Function& on_event)
      : Napi::AsyncProgressQueueWorker<Event>(env),
        model_(model),
        ctx_(model->context()),
        abort_flag_(model->abort_flag()),
        fault_(model->on_gpu() ? GpuFaultFromEnv() : GpuFault::kNone),
        pcm_(std::move(pcm)),
        options_(std::move(options)),
        deferred_(Napi::Promise::Deferred::New(env)) {
    model_ref_ = Napi::Persistent(model->Value());
    if (!on_event.IsEmpty()) on_event_ = Napi::Persistent(on_event);
    model_->SetBusy(true);
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    progress_ = &progress;
    whisper_full_params p = whisper_full_default_params(options_.beam_size > 1 ? WHISPER_SAMPLING_BEAM_SEARCH
                                                                                 : WHISPER_SAMPLING_GREEDY);
    p.n_threads = options_.threads;
    p.translate = options_.translate;
    p.language = options_.language.c_str();
    p.detect_language = false;
    p.initial_prompt = options_.initial_prompt.empty() ? nullptr : options_.initial_prompt.c_str();
    p.token_timestamps = options_.token_timestamps;
    if (options_.beam_size > 1) p.beam_search.beam_size = options_.beam_size;
    p.greedy.best_of = options_.best_of;
    p.temperature = options_.temperature;
    p.temperature_inc = options_.temperature_inc;
    p.no_speech_thold = options_.no_speech_thold;
    p.no_context = options_.no_context;
    p.single_segment = options_.single_segment;
    p.suppress_nst = options_.suppress_nst;
    p.max_len = options_.max_len;
    p.split_on_word = options_.split_on_word;
    p.offset_ms = options_.offset_ms;
    p.duration_ms = options_.duration_ms;
    p.audio_ctx = options_.audio_ctx;
    p.max_tokens = options_.max_tokens;
    if (!options_.vad_model_path.empty()) {
      p.vad = true;
      p.vad_model_path = options_.vad_model_path.c_str();
    }
    p.print_progress = false;
    p.print_realtime = false;
    p.print_timestamps = false;
    p.print_special = false;

    p.progress_callback = [](whisper_context*, whisper_state*, int pct, void* ud) {
      auto* self = static_cast<TranscribeWorker*>(ud);
      Event e;
      e.progress = pct;
      self->progress_->Send(&e, 1);
    };
    p.progress_callback_user_data = this;
    p.new_segment_callback = [](whisper_context* ctx, whisper_state* state, int n_new, void* ud) {
      auto* self = static_cast<TranscribeWorker*>(ud);
      const int n = whisper_full_n_segments_from_state(state);
      for (int i = n - n_new; i < n; i++) {
        Event e;
        e.segment = ReadSegment(ctx, state, i, self->options_.token_timestamps);
        self->result_.push_back(e.segment);
        self->progress_->Send(&e, 1);
      }
    };
    p.new_segment_callback_user_data = this;
    p.abort_callback = [](void* ud) {
      auto* self = static_cast<TranscribeWorker*>(ud);
      return self->abort_flag_->load() || self->fault_fired_.load();
    };
    p.abort_callback_user_data = this;
    p.encoder_begin_callback = [](whisper_context*, whisper_state*, void* ud) {
      auto* self = static_cast<TranscribeWorker*>(ud);
      self->InjectFault();
      return !self->abort_flag_->load();
    };
    p.encoder_begin_callback_user_data = this;

    const int rc = whisper_full(ctx_, p, pcm_.data(), static_cast<int>(pcm_.size()));
    if (abort_flag_->load()) {
      aborted_ = true;
      return;
    }
    if (fault_fired_.load()) {
      SetError(std::string("the GPU run failed (DICTATION_TEST_GPU_FAULT=") + GpuFaultName(fault_) +
               "): whisper_full returned " + std::to_string(rc));
      return;
    }
    if (rc != 0) {
      std::string detail = RecentErrorText();
      SetError("whisper_full failed with code " + std::to_string(rc) + (detail.empty() ? "" : ": " + detail));
      return;
    }
    const int lang_id = whisper_full_lang_id(ctx_);
    const char* lang = lang_id >= 0 ? whisper_lang_str(lang_id) : nullptr;
    language_ = lang != nullptr ? lang : "";
  }

  // Test faults (gpu-fault.h) strike as the encoder starts, so the GPU has started on this run.
  void InjectFault() {
    switch (fault_) {
      case GpuFault::kRunFail: fault_fired_.store(true); break;
      case GpuFault::kRunHang: HangLikeADriver(); break;
      case GpuFault::kRunExit: ExitLikeADriver();
      default: break;
    }
  }

  void OnProgress(const Event* events, size_t count) override {
    if (on_event_.IsEmpty()) return;
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    for (size_t i = 0; i < count; i++) {
      Napi::Object e = Napi::Object::New(env);
      if (events[i].progress >= 0) {
        e.Set("type", "progress");
        e.Set("percent", events[i].progress);
      } else {
        e.Set("type", "segment");
        e.Set("segment", SegmentToJs(env, events[i].segment));
      }
      on_event_.Call({e});
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    model_->SetBusy(false);
    if (aborted_) {
      Napi::Error err = Napi::Error::New(env, "transcription aborted");
      err.Set("code", "ABORTED");
      deferred_.Reject(err.Value());
      return;
    }
    Napi::Object out = Napi::Object::New(env);
    Napi::Array segments = Napi::Array::New(env, result_.size());
    for (size_t i = 0; i < result_.size(); i++) segments.Set(i, SegmentToJs(env, result_[i]));
    out.Set("segments", segments);
    out.Set("language", language_);
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override {
    model_->SetBusy(false);
    deferred_.Reject(error.Value());
  }

 private:
  WhisperModel* model_;
  whisper_context* ctx_;
  std::shared_ptr<std::atomic<bool>> abort_flag_;
  GpuFault fault_;
  std::atomic<bool> fault_fired_{false};
  std::vector<float> pcm_;
  TranscribeOptions options_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference model_ref_;
  Napi::FunctionReference on_event_;
  const ExecutionProgress* progress_ = nullptr;
  std::vector<SegmentOut> result_;
  std::string language_;
  bool aborted_ = false;
};

int GetInt(const Napi::Object& o, const char* key, int fallback) {
  return o.Has(key) && o.Get(key).IsNumber() ? o.Get(key).As<Napi::Number>().Int32Value() : fallback;
}
float GetFloat(const Napi::Object& o, const char* key, float fallback) {
  return o.Has(key) && o.Get(key).IsNumber() ? o.Get(key).As<Napi::Number>().FloatValue() : fallback;
}
bool GetBool(const Napi::Object& o, const char* key, bool fallback) {
  return o.Has(key) && o.Get(key).IsBoolean() ? o.Get(key).As<Napi::Boolean>().Value() : fallback;
}
std::string GetString(const Napi::Object& o, const char* key, const std::string& fallback) {
  return o.Has(key) && o.Get(key).IsString() ? o.Get(key).As<Napi::String>().Utf8Value() : fallback;
}

}  // namespace

TranscribeOptions ParseTranscribeOptions(const Napi::Object& o) {
  TranscribeOptions t;
  t.threads = GetInt(o, "threads", t.threads);
  t.language = GetString(o, "language", t.language);
  t.translate = GetBool(o, "translate", t.translate);
  t.initial_prompt = GetString(o, "initialPrompt", t.initial_prompt);
  t.token_timestamps = GetBool(o, "tokenTimestamps", t.token_timestamps);
  t.beam_size = GetInt(o, "beamSize", t.beam_size);
  t.best_of = GetInt(o, "bestOf", t.best_of);
  t.temperature = GetFloat(o, "temperature", t.temperature);
  t.temperature_inc = GetFloat(o, "temperatureInc", t.temperature_inc);
  t.no_speech_thold = GetFloat(o, "noSpeechThreshold", t.no_speech_thold);
  t.no_context = GetBool(o, "noContext", t.no_context);
  t.single_segment = GetBool(o, "singleSegment", t.single_segment);
  t.suppress_nst = GetBool(o, "suppressNonSpeech", t.suppress_nst);
  t.max_len = GetInt(o, "maxLen", t.max_len);
  t.split_on_word = GetBool(o, "splitOnWord", t.split_on_word);
  t.offset_ms = GetInt(o, "offsetMs", t.offset_ms);
  t.duration_ms = GetInt(o, "durationMs", t.duration_ms);
  t.audio_ctx = GetInt(o, "audioCtx", t.audio_ctx);
  t.max_tokens = GetInt(o, "maxTokens", t.max_tokens);
  t.vad_model_path = GetString(o, "vadModelPath", t.vad_model_path);
  if (t.threads < 1) t.threads = 1;
  return t;
}

Napi::Value StartTranscription(Napi::Env env, WhisperModel* model, const Napi::Float32Array& pcm,
                               TranscribeOptions options, const Napi::Function& on_event) {
  std::vector<float> samples(pcm.Data(), pcm.Data() + pcm.ElementLength());
  auto* worker = new TranscribeWorker(env, model, std::move(samples), std::move(options), on_event);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace dictation

#include "parakeet-worker.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "log-buffer.h"
#include "parakeet-model.h"
#include "parakeet.h"

namespace dictation {
namespace {

// parakeet.cpp normalises each mel band over the input; fewer than two frames would divide by zero.
constexpr size_t kMinSamples = PARAKEET_SAMPLE_RATE / 10;

struct TokenOut {
  std::string text;
  int64_t t0_ms;
  int64_t t1_ms;
  float p;
  bool word_start;
};

struct SegmentOut {
  int64_t t0_ms = 0;
  int64_t t1_ms = 0;
  std::string text;
  std::vector<TokenOut> tokens;
};

// Token pieces keep SentencePiece's word boundary as a leading space, as whisper's tokens do.
std::string PieceText(parakeet_context* ctx, parakeet_token id) {
  const char* piece = parakeet_token_to_str(ctx, id);
  if (piece == nullptr) return "";
  char buf[512];
  parakeet_token_to_text(piece, false, buf, sizeof(buf));
  return buf;
}

SegmentOut ReadSegment(parakeet_context* ctx, int i) {
  SegmentOut s;
  const char* text = parakeet_full_get_segment_text(ctx, i);
  s.text = text != nullptr ? text : "";
  const int n = parakeet_full_n_tokens(ctx, i);
  for (int j = 0; j < n; j++) {
    parakeet_token_data d = parakeet_full_get_token_data(ctx, i, j);
    s.tokens.push_back({PieceText(ctx, d.id), d.t0 * 10, d.t1 * 10, d.p, d.is_word_start});
  }
  if (!s.tokens.empty()) {
    s.t0_ms = s.tokens.front().t0_ms;
    s.t1_ms = std::max(s.tokens.back().t1_ms, s.t0_ms);
  }
  return s;
}

Napi::Object SegmentToJs(Napi::Env env, const SegmentOut& s, int index) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("index", index);
  o.Set("startMs", Napi::Number::New(env, static_cast<double>(s.t0_ms)));
  o.Set("endMs", Napi::Number::New(env, static_cast<double>(s.t1_ms)));
  o.Set("text", s.text);
  o.Set("noSpeechProb", 0);
  Napi::Array tokens = Napi::Array::New(env, s.tokens.size());
  for (size_t j = 0; j < s.tokens.size(); j++) {
    Napi::Object t = Napi::Object::New(env);
    t.Set("text", s.tokens[j].text);
    t.Set("startMs", Napi::Number::New(env, static_cast<double>(s.tokens[j].t0_ms)));
    t.Set("endMs", Napi::Number::New(env, static_cast<double>(s.tokens[j].t1_ms)));
    t.Set("p", s.tokens[j].p);
    t.Set("wordStart", Napi::Boolean::New(env, s.tokens[j].word_start));
    tokens.Set(j, t);
  }
  o.Set("tokens", tokens);
  return o;
}

class ParakeetWorker : public Napi::AsyncProgressQueueWorker<int> {
 public:
  ParakeetWorker(Napi::Env env, ParakeetModel* model, std::vector<float> pcm, ParakeetOptions options,
                 const Napi::Function& on_event)
      : Napi::AsyncProgressQueueWorker<int>(env),
        model_(model),
        ctx_(model->context()),
        abort_flag_(model->abort_flag()),
        pcm_(std::move(pcm)),
        options_(options),
        deferred_(Napi::Promise::Deferred::New(env)) {
    model_ref_ = Napi::Persistent(model->Value());
    if (!on_event.IsEmpty()) on_event_ = Napi::Persistent(on_event);
    model_->SetBusy(true);
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    progress_ = &progress;
    if (pcm_.size() < kMinSamples) pcm_.resize(kMinSamples, 0.0f);
    mel_frames_ = static_cast<int>(pcm_.size() / PARAKEET_HOP_LENGTH);

    parakeet_full_params p = parakeet_full_default_params(PARAKEET_SAMPLING_GREEDY);
    p.n_threads = options_.threads;
    p.no_context = true;
    p.progress_callback = [](parakeet_context*, parakeet_state*, int pct, void* ud) {
      static_cast<ParakeetWorker*>(ud)->Report(pct);
    };
    p.progress_callback_user_data = this;
    // The encoder runs first and takes most of the time; the decoder then walks the frames in order.
    p.new_token_callback = [](parakeet_context*, parakeet_state*, const parakeet_token_data* d, void* ud) {
      auto* self = static_cast<ParakeetWorker*>(ud);
      if (self->mel_frames_ > 0) self->Report(static_cast<int>((d->t0 * 100) / self->mel_frames_));
    };
    p.new_token_callback_user_data = this;
    p.abort_callback = [](void* ud) { return static_cast<std::atomic<bool>*>(ud)->load(); };
    p.abort_callback_user_data = abort_flag_.get();
    p.encoder_begin_callback = [](parakeet_context*, parakeet_state*, void* ud) {
      return !static_cast<std::atomic<bool>*>(ud)->load();
    };
    p.encoder_begin_callback_user_data = abort_flag_.get();

    int rc = 0;
    try {
      rc = parakeet_full(ctx_, p, pcm_.data(), static_cast<int>(pcm_.size()));
    } catch (const std::exception& e) {
      SetError(std::string("parakeet_full failed: ") + e.what());
      return;
    }
    if (abort_flag_->load()) {
      aborted_ = true;
      return;
    }
    if (rc != 0) {
      std::string detail = RecentErrorText();
      SetError("parakeet_full failed with code " + std::to_string(rc) + (detail.empty() ? "" : ": " + detail));
      return;
    }
    const int n = parakeet_full_n_segments(ctx_);
    for (int i = 0; i < n; i++) result_.push_back(ReadSegment(ctx_, i));
  }

  void OnProgress(const int* events, size_t count) override {
    if (on_event_.IsEmpty()) return;
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    for (size_t i = 0; i < count; i++) {
      Napi::Object e = Napi::Object::New(env);
      e.Set("type", "progress");
      e.Set("percent", events[i]);
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
    for (size_t i = 0; i < result_.size(); i++) segments.Set(i, SegmentToJs(env, result_[i], static_cast<int>(i)));
    out.Set("segments", segments);
    // parakeet.cpp detects the language implicitly and does not say which it heard.
    out.Set("language", "");
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override {
    model_->SetBusy(false);
    deferred_.Reject(error.Value());
  }

 private:
  void Report(int percent) {
    percent = std::min(100, std::max(0, percent));
    if (percent <= last_percent_) return;
    last_percent_ = percent;
    progress_->Send(&percent, 1);
  }

  ParakeetModel* model_;
  parakeet_context* ctx_;
  std::shared_ptr<std::atomic<bool>> abort_flag_;
  std::vector<float> pcm_;
  ParakeetOptions options_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference model_ref_;
  Napi::FunctionReference on_event_;
  const ExecutionProgress* progress_ = nullptr;
  std::vector<SegmentOut> result_;
  int mel_frames_ = 0;
  int last_percent_ = -1;
  bool aborted_ = false;
};

}  // namespace

ParakeetOptions ParseParakeetOptions(const Napi::Object& o) {
  ParakeetOptions t;
  if (o.Has("threads") && o.Get("threads").IsNumber()) t.threads = o.Get("threads").As<Napi::Number>().Int32Value();
  if (t.threads < 1) t.threads = 1;
  return t;
}

Napi::Value StartParakeetTranscription(Napi::Env env, ParakeetModel* model, const Napi::Float32Array& pcm,
                                       ParakeetOptions options, const Napi::Function& on_event) {
  std::vector<float> samples(pcm.Data(), pcm.Data() + pcm.ElementLength());
  auto* worker = new ParakeetWorker(env, model, std::move(samples), options, on_event);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace dictation

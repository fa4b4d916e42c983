// Runs whisper_full on a libuv worker thread and streams progress and new segments back to JS.
#pragma once

#include <napi.h>

#include <string>

namespace dictation {

class WhisperModel;

struct TranscribeOptions {
  int threads = 4;
  std::string language = "en";  // "auto" detects
  bool translate = false;
  std::string initial_prompt;
  bool token_timestamps = false;
  int beam_size = 1;  // 1 = greedy
  int best_of = 1;
  float temperature = 0.0f;
  float temperature_inc = 0.2f;
  float no_speech_thold = 0.6f;
  bool no_context = true;
  bool single_segment = false;
  bool suppress_nst = true;
  int max_len = 0;
  bool split_on_word = false;
  int offset_ms = 0;
  int duration_ms = 0;
  int audio_ctx = 0;
  int max_tokens = 0;
  std::string vad_model_path;  // non-empty: whisper.cpp drops non-speech before inference
};

TranscribeOptions ParseTranscribeOptions(const Napi::Object& o);

Napi::Value StartTranscription(Napi::Env env, WhisperModel* model, const Napi::Float32Array& pcm,
                               TranscribeOptions options, const Napi::Function& on_event);

}  // namespace dictation

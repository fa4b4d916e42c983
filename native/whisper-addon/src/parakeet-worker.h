// Runs parakeet_full on a libuv worker thread and streams progress back to JS; resolves with the
// recognised text and every token's time (10 ms mel frames, as ms), probability and word start.
#pragma once

#include <napi.h>

namespace dictation {

class ParakeetModel;

struct ParakeetOptions {
  int threads = 4;
};

ParakeetOptions ParseParakeetOptions(const Napi::Object& o);

Napi::Value StartParakeetTranscription(Napi::Env env, ParakeetModel* model, const Napi::Float32Array& pcm,
                                       ParakeetOptions options, const Napi::Function& on_event);

}  // namespace dictation

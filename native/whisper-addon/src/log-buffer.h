// Keeps the most recent whisper.cpp / ggml log lines so a failure can be explained to the user
// (for example "invalid model data (bad magic)") instead of a bare error code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dictation {

void InstallLogCapture();
void SetLogEcho(bool echo);
std::vector<std::string> RecentLogLines(size_t max_lines);
std::string RecentErrorText();

/** A position in the log; ErrorTextSince(mark) joins the error lines logged after it. */
uint64_t LogMark();
std::string ErrorTextSince(uint64_t mark);

}  // namespace dictation

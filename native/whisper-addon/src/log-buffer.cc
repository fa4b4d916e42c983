#include "log-buffer.h"

#include <cstdio>
#include <deque>
#include <mutex>

#include "ggml.h"
#include "parakeet.h"
#include "whisper.h"

namespace dictation {
namespace {

constexpr size_t kMaxLines = 256;

std::mutex g_mutex;
std::deque<std::string> g_lines;
std::string g_partial;
bool g_echo = false;
uint64_t g_total = 0;  // lines ever captured; g_lines holds the last kMaxLines of them

void OnLog(ggml_log_level level, const char* text, void* /*user_data*/) {
  if (text == nullptr) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_echo) fputs(text, stderr);
  g_partial += text;
  size_t pos;
  while ((pos = g_partial.find('\n')) != std::string::npos) {
    std::string line = g_partial.substr(0, pos);
    g_partial.erase(0, pos + 1);
    if (line.empty()) continue;
    const char* tag = level == GGML_LOG_LEVEL_ERROR ? "E " : level == GGML_LOG_LEVEL_WARN ? "W " : "I ";
    g_lines.push_back(tag + line);
    g_total++;
    if (g_lines.size() > kMaxLines) g_lines.pop_front();
  }
}

}  // namespace

void InstallLogCapture() {
  whisper_log_set(OnLog, nullptr);
  // parakeet.cpp keeps its own callback and hands it to ggml whenever it starts a back-end.
  parakeet_log_set(OnLog, nullptr);
}

void SetLogEcho(bool echo) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_echo = echo;
}

std::vector<std::string> RecentLogLines(size_t max_lines) {
  std::lock_guard<std::mutex> lock(g_mutex);
  size_t n = std::min(max_lines, g_lines.size());
  return std::vector<std::string>(g_lines.end() - n, g_lines.end());
}

std::string RecentErrorText() {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::string out;
  for (auto it = g_lines.rbegin(); it != g_lines.rend() && out.size() < 600; ++it) {
    if (it->rfind("E ", 0) == 0) {
      out = it->substr(2) + (out.empty() ? "" : "; " + out);
      if (out.size() > 300) break;
    }
  }
  return out;
}

uint64_t LogMark() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_total;
}

std::string ErrorTextSince(uint64_t mark) {
  std::lock_guard<std::mutex> lock(g_mutex);
  const uint64_t newer = g_total - mark;
  const size_t first = newer >= g_lines.size() ? 0 : g_lines.size() - static_cast<size_t>(newer);
  std::string out;
  for (size_t i = first; i < g_lines.size() && out.size() < 600; i++) {
    if (g_lines[i].rfind("E ", 0) == 0) out += (out.empty() ? "" : "; ") + g_lines[i].substr(2);
  }
  return out;
}

}  // namespace dictation

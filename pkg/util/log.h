// Leveled, timestamped logging: one line per event, the component on each line.
//
// There is no global logger. The composition root owns one LogSink and hands
// each component a Logger naming it; a default-constructed Logger discards
// everything, which is what unit tests usually want.
//
// Line format (UTC, microseconds):
//   2026-11-25T21:14:25.123456Z I store: opened /var/lib/k1s/server/db/state.db
// Levels: E(rror), W(arning), I(nfo), and D<n> for verbosity n >= 1 (`-v n`).
#pragma once

#include <cstdio>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>

namespace k1s {

class LogSink {
 public:
  // Writes to `out` (not owned; stderr by default). Lines of debug level n
  // are written only when n <= verbosity.
  explicit LogSink(int verbosity = 0, std::FILE* out = stderr) : verbosity_(verbosity), out_(out) {}
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;

  int verbosity() const { return verbosity_; }

  // Writes one complete line; safe to call from any thread. Newlines inside
  // `message` are escaped so that one event is always one line.
  void Write(char level_tag, int debug_level, std::string_view component, std::string_view message);

 private:
  const int verbosity_;
  std::FILE* const out_;
  std::mutex mu_;  // serialises whole lines on out_
};

class Logger {
 public:
  Logger() = default;  // discards everything
  Logger(LogSink* sink, std::string component) : sink_(sink), component_(std::move(component)) {}

  // A logger for a sub-component: "server" -> "server/store".
  Logger Child(std::string_view name) const;
  const std::string& component() const { return component_; }

  // True when debug lines of `level` would be written; guard costly messages with it.
  bool V(int level) const { return sink_ != nullptr && level <= sink_->verbosity(); }

  template <typename... Args>
  void Error(const Args&... args) const { Emit('E', 0, args...); }
  template <typename... Args>
  void Warning(const Args&... args) const { Emit('W', 0, args...); }
  template <typename... Args>
  void Info(const Args&... args) const { Emit('I', 0, args...); }
  template <typename... Args>
  void Debug(int level, const Args&... args) const {
    if (V(level)) Emit('D', level, args...);
  }

 private:
  template <typename... Args>
  void Emit(char tag, int level, const Args&... args) const {
    if (sink_ == nullptr) return;
    std::ostringstream line;
    (line << ... << args);
    sink_->Write(tag, level, component_, line.str());
  }

  LogSink* sink_ = nullptr;
  std::string component_;
};

}  // namespace k1s

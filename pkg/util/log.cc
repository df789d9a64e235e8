#include "pkg/util/log.h"

#include <chrono>
#include <ctime>

namespace k1s {

namespace {

std::string Timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[96];  // room for any int the compiler can imagine in each field
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(micros % 1000000));
  return buf;
}

}  // namespace

void LogSink::Write(char level_tag, int debug_level, std::string_view component,
                    std::string_view message) {
  std::string line = Timestamp();
  line += ' ';
  line += level_tag;
  if (level_tag == 'D') line += std::to_string(debug_level);
  line += ' ';
  line += component;
  line += ": ";
  for (char c : message) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else {
      line += c;
    }
  }
  line += '\n';
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

Logger Logger::Child(std::string_view name) const {
  std::string child = component_.empty() ? std::string(name) : component_ + "/" + std::string(name);
  return Logger(sink_, std::move(child));
}

}  // namespace k1s

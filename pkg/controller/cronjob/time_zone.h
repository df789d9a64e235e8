// Time zones for CronJob spec.timeZone, read from the system's TZif files
// (/usr/share/zoneinfo), since libstdc++ 12 has no std::chrono::tzdb.
// Debian's files are "fat": they list every transition up to 2037, so the
// POSIX rule in a file's footer is not needed before then.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::controller::cronjob {

class TimeZone {
 public:
  // UTC (also what an empty name means).
  TimeZone() = default;
  // "Europe/Berlin", "Etc/UTC", ...: NotFound if unknown, Invalid if the
  // name could escape the zoneinfo directory or the file is malformed.
  static Result<TimeZone> Load(const std::string& name, const std::string& dir = "/usr/share/zoneinfo");
  // Parses TZif data (for tests).
  static Result<TimeZone> FromTzif(const std::string& data);

  // Seconds east of UTC in effect at `utc` (seconds since the epoch).
  int64_t OffsetAt(int64_t utc) const;

 private:
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset after each transition
  int32_t initial_offset_ = 0;        // before the first transition
};

}  // namespace k1s::controller::cronjob

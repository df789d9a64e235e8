// Cron schedules as CronJob spec.schedule takes them: five fields (minute,
// hour, day of month, month, day of week) with *, ?, lists, ranges, steps
// and month/day names, or @yearly, @annually, @monthly, @weekly, @daily,
// @midnight, @hourly. Day of month and day of week are ORed when both are
// restricted, as in Vixie cron.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

#include "pkg/controller/cronjob/time_zone.h"
#include "pkg/util/result.h"

namespace k1s::controller::cronjob {

class CronSchedule {
 public:
  // Invalid with a message in the spirit of robfig/cron's.
  static Result<CronSchedule> Parse(const std::string& spec);

  // The first scheduled time strictly after `after` (UTC seconds since the
  // epoch) in `tz`; nullopt if none within five years (e.g. "0 0 30 2 *").
  std::optional<int64_t> Next(int64_t after, const TimeZone& tz) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> dom_;     // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<8> dow_;      // 0 = Sunday (7 too)
  bool dom_star_ = false;
  bool dow_star_ = false;
};

}  // namespace k1s::controller::cronjob

#include "pkg/controller/cronjob/cron_schedule.h"

#include <chrono>
#include <sstream>
#include <vector>

namespace k1s::controller::cronjob {

namespace {

const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                               "jul", "aug", "sep", "oct", "nov", "dec"};
const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<int> Number(const std::string& text, int min, const char* const* names, int name_count) {
  const std::string l = Lower(text);
  for (int i = 0; i < name_count; ++i) {
    if (l == names[i]) return min + i;
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid("failed to parse int from " + text);
  }
  try {
    return std::stoi(text);
  } catch (...) {
    return Status::Invalid("failed to parse int from " + text);
  }
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

// One field: sets bits [min, max] and reports whether it was "*" or "?".
template <size_t N>
Status ParseField(const std::string& field, int min, int max, const char* const* names, int name_count,
                  std::bitset<N>& bits, bool* star) {
  *star = field.rfind('*', 0) == 0 || field.rfind('?', 0) == 0;
  for (const std::string& range : Split(field, ',')) {
    auto slash = Split(range, '/');
    if (slash.empty() || slash.size() > 2) return Status::Invalid("too many slashes: " + range);
    int lo = 0, hi = 0, step = 1;
    const std::string& r = slash[0];
    if (r == "*" || r == "?") {
      lo = min;
      hi = max;
    } else {
      auto dash = Split(r, '-');
      if (dash.empty() || dash.size() > 2) return Status::Invalid("too many hyphens: " + r);
      K1S_ASSIGN_OR_RETURN(lo, Number(dash[0], min, names, name_count));
      if (dash.size() == 2) {
        K1S_ASSIGN_OR_RETURN(hi, Number(dash[1], min, names, name_count));
      } else {
        hi = slash.size() == 2 ? max : lo;
      }
    }
    if (slash.size() == 2) {
      K1S_ASSIGN_OR_RETURN(step, Number(slash[1], 0, nullptr, 0));
      if (step <= 0) return Status::Invalid("step of range should be a positive number: " + range);
    }
    if (lo < min) return Status::Invalid("beginning of range (" + std::to_string(lo) + ") below minimum (" + std::to_string(min) + "): " + range);
    if (hi > max) return Status::Invalid("end of range (" + std::to_string(hi) + ") above maximum (" + std::to_string(max) + "): " + range);
    if (lo > hi) return Status::Invalid("beginning of range (" + std::to_string(lo) + ") beyond end of range (" + std::to_string(hi) + "): " + range);
    for (int v = lo; v <= hi; v += step) bits.set(v);
  }
  return Status::Ok();
}

struct Civil {
  int year, month, day, hour, minute, weekday;
};

Civil ToCivil(int64_t local) {
  using namespace std::chrono;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const int64_t secs = local - days * 86400;
  const sys_days sd{std::chrono::days(days)};
  const year_month_day ymd{sd};
  const weekday wd{sd};
  return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(secs / 3600),
          int(secs % 3600 / 60), int(wd.c_encoding())};
}

int64_t FromCivil(int year, int month, int day, int hour, int minute) {
  using namespace std::chrono;
  // Day overflow (e.g. day 32) normalises through sys_days.
  const sys_days base{year_month_day{std::chrono::year(year), std::chrono::month(1), std::chrono::day(1)}};
  int64_t days = base.time_since_epoch().count();
  // Months from January of `year`.
  for (int m = 1; m < month; ++m) {
    days += unsigned(year_month_day_last{std::chrono::year(year), month_day_last{std::chrono::month(m)}}.day());
  }
  days += day - 1;
  return days * 86400 + hour * 3600 + minute * 60;
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(const std::string& text) {
  std::string spec = text;
  const std::string l = Lower(spec);
  if (l == "@yearly" || l == "@annually") spec = "0 0 1 1 *";
  else if (l == "@monthly") spec = "0 0 1 * *";
  else if (l == "@weekly") spec = "0 0 * * 0";
  else if (l == "@daily" || l == "@midnight") spec = "0 0 * * *";
  else if (l == "@hourly") spec = "0 * * * *";
  else if (!l.empty() && l[0] == '@') return Status::Invalid("unrecognized descriptor: " + text);
  std::vector<std::string> fields;
  std::stringstream in(spec);
  std::string f;
  while (in >> f) fields.push_back(f);
  if (fields.size() != 5) {
    return Status::Invalid("expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + text);
  }
  CronSchedule s;
  bool star = false;
  K1S_RETURN_IF_ERROR(ParseField(fields[0], 0, 59, nullptr, 0, s.minutes_, &star));
  K1S_RETURN_IF_ERROR(ParseField(fields[1], 0, 23, nullptr, 0, s.hours_, &star));
  K1S_RETURN_IF_ERROR(ParseField(fields[2], 1, 31, nullptr, 0, s.dom_, &s.dom_star_));
  K1S_RETURN_IF_ERROR(ParseField(fields[3], 1, 12, kMonths, 12, s.months_, &star));
  K1S_RETURN_IF_ERROR(ParseField(fields[4], 0, 7, kDays, 7, s.dow_, &s.dow_star_));
  if (s.dow_.test(7)) s.dow_.set(0);  // 7 is Sunday too
  return s;
}

std::optional<int64_t> CronSchedule::Next(int64_t after, const TimeZone& tz) const {
  const int64_t limit = after + int64_t{5} * 366 * 86400;
  int64_t t = after - (after % 60 + 60) % 60 + 60;
  for (int guard = 0; guard < 200000 && t <= limit; ++guard) {
    const int64_t offset = tz.OffsetAt(t);
    const Civil c = ToCivil(t + offset);
    if (!months_.test(c.month)) {
      t = FromCivil(c.year, c.month + 1 > 12 ? 1 : c.month + 1, 1, 0, 0) - offset;
      if (c.month == 12) t = FromCivil(c.year + 1, 1, 1, 0, 0) - offset;
      continue;
    }
    const bool dom_ok = dom_.test(c.day);
    const bool dow_ok = dow_.test(c.weekday);
    const bool day_ok = (dom_star_ || dow_star_) ? (dom_ok && dow_ok) : (dom_ok || dow_ok);
    if (!day_ok) {
      t = FromCivil(c.year, c.month, c.day + 1, 0, 0) - offset;
      continue;
    }
    if (!hours_.test(c.hour)) {
      t = FromCivil(c.year, c.month, c.day, c.hour + 1, 0) - offset;
      continue;
    }
    if (!minutes_.test(c.minute)) {
      t += 60;
      continue;
    }
    return t;
  }
  return std::nullopt;
}

}  // namespace k1s::controller::cronjob

#include "pkg/util/time_format.h"

#include <cstdio>
#include <ctime>

namespace k1s {

namespace {

std::string Format(std::chrono::system_clock::time_point t, bool micros) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  long frac = static_cast<long>(us % 1000000);
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[96];
  int n = std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900,
                        utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  if (micros) std::snprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), ".%06ld", frac);
  return std::string(buf) + "Z";
}

}  // namespace

std::string FormatRfc3339(std::chrono::system_clock::time_point t) { return Format(t, false); }
std::string FormatRfc3339Micro(std::chrono::system_clock::time_point t) { return Format(t, true); }

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  int y, mo, d, h, mi, s;
  int consumed = 0;
  std::string str(text);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) {
    return std::nullopt;
  }
  if (consumed != 19 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  size_t i = 19;
  long micros = 0;
  if (i < str.size() && str[i] == '.') {
    ++i;
    long scale = 100000;
    size_t digits = 0;
    while (i < str.size() && str[i] >= '0' && str[i] <= '9') {
      if (scale > 0) micros += (str[i] - '0') * scale;
      scale /= 10;
      ++i;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
  }
  long offset = 0;
  if (i < str.size() && (str[i] == 'Z' || str[i] == 'z')) {
    ++i;
  } else if (i + 6 == str.size() && (str[i] == '+' || str[i] == '-') && str[i + 3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(str.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (oh * 3600 + om * 60) * (str[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != str.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t secs = timegm(&tm) - offset;
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs)) +
         std::chrono::microseconds(micros);
}

}  // namespace k1s

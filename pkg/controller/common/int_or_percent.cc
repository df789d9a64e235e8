#include "pkg/controller/common/int_or_percent.h"

#include <charconv>
#include <string>

namespace k1s::controller::common {

Result<int64_t> ScaledValue(const nlohmann::json& value, int64_t total, bool round_up,
                            int64_t fallback) {
  if (value.is_null()) return fallback;
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) return Status::Invalid("invalid value for IntOrString: " + value.dump());
  const std::string s = value.get<std::string>();
  int64_t n = 0;
  const char* end = s.data() + s.size();
  bool percent = !s.empty() && s.back() == '%';
  if (percent) --end;
  auto [ptr, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || ptr != end) {
    return Status::Invalid("invalid value for IntOrString: invalid value \"" + s + "\"");
  }
  if (!percent) return n;
  return round_up ? (n * total + 99) / 100 : (n * total) / 100;
}

}  // namespace k1s::controller::common

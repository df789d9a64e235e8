#include "pkg/cli/value.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace k1s::cli {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses the whole of `text` as a decimal integer.
bool ParseInt64(std::string_view text, int64_t* out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

Result<int64_t> ParseRangedInt(const FlagSpec& spec, std::string_view text) {
  const Status bad = Status::Invalid("must be an integer from " + std::to_string(spec.min) +
                                     " to " + std::to_string(spec.max));
  int64_t v = 0;
  if (!ParseInt64(text, &v) || v < spec.min || v > spec.max) return bad;
  return v;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
      item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
      item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = comma + 1;
  }
  return items;
}

Result<Value> ParseTyped(const FlagSpec& spec, std::string_view text) {
  switch (spec.type) {
    case FlagType::kString:
      return Value(std::string(text));
    case FlagType::kBool: {
      K1S_ASSIGN_OR_RETURN(bool b, ParseBool(text));
      return Value(b);
    }
    case FlagType::kInt: {
      K1S_ASSIGN_OR_RETURN(int64_t v, ParseRangedInt(spec, text));
      return Value(v);
    }
    case FlagType::kDuration: {
      K1S_ASSIGN_OR_RETURN(std::chrono::milliseconds d, ParseDuration(text));
      if (d.count() < spec.min) {
        return Status::Invalid("must be at least " +
                               FormatDuration(std::chrono::milliseconds(spec.min)));
      }
      return Value(d);
    }
    case FlagType::kIp: {
      K1S_ASSIGN_OR_RETURN(IpAddress ip, ParseIpAddress(text));
      return Value(ip);
    }
    case FlagType::kCidr: {
      K1S_ASSIGN_OR_RETURN(Cidr cidr, ParseCidr(text));
      return Value(cidr);
    }
    case FlagType::kFileMode: {
      K1S_ASSIGN_OR_RETURN(FileMode mode, ParseFileMode(text));
      return Value(mode);
    }
    case FlagType::kStringList:
      return Value(SplitList(text));
  }
  return Status::Internal("unknown flag type");
}

}  // namespace

Result<Value> ParseValue(const FlagSpec& spec, std::string_view text) {
  K1S_ASSIGN_OR_RETURN(Value value, ParseTyped(spec, text));
  if (spec.validate) K1S_RETURN_IF_ERROR(spec.validate(value));
  return value;
}

Result<bool> ParseBool(std::string_view text) {
  const std::string t = Lower(text);
  if (t == "true" || t == "1" || t == "t" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "0" || t == "f" || t == "no" || t == "off") return false;
  return Status::Invalid("must be true or false");
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  const Status bad =
      Status::Invalid("must be a duration such as 30s, 5m, 1h30m, 500ms or a number of seconds");
  int64_t seconds = 0;
  if (ParseInt64(text, &seconds)) {
    if (seconds < 0 || seconds > INT64_MAX / 1000) return bad;
    return std::chrono::milliseconds(seconds * 1000);
  }
  if (text.empty()) return bad;
  int64_t total_ms = 0;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    int64_t n = 0;
    if (digits == 0 || !ParseInt64(text.substr(0, digits), &n)) return bad;
    text.remove_prefix(digits);
    size_t unit_len = 0;
    while (unit_len < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_len])))
      ++unit_len;
    const std::string_view unit = text.substr(0, unit_len);
    text.remove_prefix(unit_len);
    int64_t scale = 0;
    if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60'000;
    else if (unit == "h")
      scale = 3'600'000;
    else
      return bad;
    if (n > (INT64_MAX - total_ms) / scale) return bad;
    total_ms += n * scale;
  }
  return std::chrono::milliseconds(total_ms);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  const int64_t h = ms / 3'600'000;
  ms %= 3'600'000;
  const int64_t m = ms / 60'000;
  ms %= 60'000;
  if (h > 0) out += std::to_string(h) + "h";
  if (m > 0) out += std::to_string(m) + "m";
  if (ms % 1000 == 0) {
    if (ms > 0) out += std::to_string(ms / 1000) + "s";
  } else if (out.empty() && ms < 1000) {
    out += std::to_string(ms) + "ms";
  } else {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%lld.%03llds", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000));
    out += buf;
  }
  return out;
}

Result<FileMode> ParseFileMode(std::string_view text) {
  const Status bad = Status::Invalid("must be an octal file mode such as 0600 or 0644");
  if (text.size() < 3 || text.size() > 4) return bad;
  uint32_t bits = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return bad;
    bits = bits * 8 + static_cast<uint32_t>(c - '0');
  }
  return FileMode{bits};
}

std::string FormatValue(const Value& value) {
  struct Formatter {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(std::chrono::milliseconds d) const { return FormatDuration(d); }
    std::string operator()(const IpAddress& ip) const { return ip.ToString(); }
    std::string operator()(const Cidr& c) const { return c.ToString(); }
    std::string operator()(FileMode m) const {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "%04o", m.bits);
      return buf;
    }
    std::string operator()(const std::vector<std::string>& list) const {
      std::string out;
      for (const auto& item : list) out += (out.empty() ? "" : ",") + item;
      return out;
    }
  };
  return std::visit(Formatter{}, value);
}

std::string_view TypeName(FlagType type) {
  switch (type) {
    case FlagType::kString:
      return "string";
    case FlagType::kBool:
      return "bool";
    case FlagType::kInt:
      return "int";
    case FlagType::kDuration:
      return "duration";
    case FlagType::kIp:
      return "ip";
    case FlagType::kCidr:
      return "cidr";
    case FlagType::kFileMode:
      return "mode";
    case FlagType::kStringList:
      return "strings";
  }
  return "?";
}

}  // namespace k1s::cli

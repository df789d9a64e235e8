#include "pkg/util/json_parse.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace k1s {
namespace {

using Json = nlohmann::json;

// Past this the fast path gives up: nlohmann's parser keeps its own stack on
// the heap, so deep text is its to parse, not this recursion's.
constexpr int kMaxDepth = 256;

// A recursive-descent parser that builds the nlohmann::json tree directly.
// Every method returns false as soon as the text is anything it does not
// handle with certainty; ParseJson then asks nlohmann, whose rules decide.
class FastParser {
 public:
  FastParser(const char* begin, const char* end) : p_(begin), end_(end) {}

  bool Document(Json& out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Value(Json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"': {
        std::string s;
        if (!String(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't':
        return Literal("true", out, true);
      case 'f':
        return Literal("false", out, false);
      case 'n':
        return Literal("null", out, nullptr);
      default:
        return Number(out);
    }
  }

  template <typename T>
  bool Literal(std::string_view word, Json& out, T value) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    out = value;
    return true;
  }

  // The comma-separated items of an object or array up to `close`, each
  // read by `item` with the cursor on it.
  template <typename Item>
  bool Items(char close, const Item& item) {
    SkipSpace();
    if (p_ < end_ && *p_ == close) {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (!item()) return false;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != close) return false;
      ++p_;
      return true;
    }
  }

  bool Object(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    out = Json(Json::value_t::object);
    Json::object_t& members = *out.get_ptr<Json::object_t*>();
    return Items('}', [&] {
      if (p_ == end_ || *p_ != '"') return false;
      std::string key;
      if (!String(key)) return false;
      SkipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      SkipSpace();
      // Keys usually come sorted (nlohmann writes them so), which makes the
      // end the right hint. A repeated key finds the earlier member, and the
      // value parsed into it replaces it: the last one wins, as in nlohmann.
      auto it = members.emplace_hint(members.end(), std::move(key), nullptr);
      return Value(it->second, depth);
    });
  }

  bool Array(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    out = Json(Json::value_t::array);
    Json::array_t& items = *out.get_ptr<Json::array_t*>();
    return Items(']', [&] {
      items.emplace_back();
      return Value(items.back(), depth);
    });
  }

  // ASCII strings only: a byte past 0x7f needs UTF-8 validation, which is
  // nlohmann's to do.
  bool String(std::string& out) {
    ++p_;  // '"'
    const char* start = p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.assign(start, p_);
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p_;
    }
    out.assign(start, p_);
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        ++p_;
        continue;
      }
      if (++p_ == end_) return false;
      switch (*p_++) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u':
          if (!Escape(out)) return false;
          break;
        default:
          return false;
      }
    }
    return false;
  }

  // \uXXXX outside the surrogates (a pair is nlohmann's to join), as UTF-8.
  bool Escape(std::string& out) {
    if (end_ - p_ < 4) return false;
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      code <<= 4;
      if (c >= '0' && c <= '9') {
        code |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        code |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        code |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    if (code >= 0xD800 && code <= 0xDFFF) return false;
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return true;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  void SkipDigits() {
    while (p_ < end_ && IsDigit(*p_)) ++p_;
  }

  // JSON's number grammar. Integers of up to 18 digits are exact in both
  // signed and unsigned 64 bits; longer ones (nlohmann tries them as
  // integers and then as doubles) go to nlohmann. Fractions and exponents
  // are read by strtod, as nlohmann reads them.
  bool Number(Json& out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      SkipDigits();
    } else {
      return false;
    }
    const char* digits_end = p_;
    bool fraction = false;
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      SkipDigits();
      fraction = true;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      SkipDigits();
      fraction = true;
    }
    if (fraction) {
      const std::string token(start, p_);
      char* parsed_end = nullptr;
      const double value = std::strtod(token.c_str(), &parsed_end);
      if (parsed_end != token.c_str() + token.size() || !std::isfinite(value)) return false;
      out = value;
      return true;
    }
    const char* digit = start + (negative ? 1 : 0);
    if (digits_end - digit > 18) return false;
    uint64_t value = 0;
    for (; digit < digits_end; ++digit) value = value * 10 + static_cast<uint64_t>(*digit - '0');
    if (negative) {
      out = -static_cast<int64_t>(value);
    } else {
      out = value;
    }
    return true;
  }

  const char* p_;
  const char* const end_;
};

}  // namespace

Json ParseJson(std::string_view text) {
  Json out;
  FastParser parser(text.data(), text.data() + text.size());
  if (parser.Document(out)) return out;
  return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace k1s

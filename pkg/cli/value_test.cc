#include "pkg/cli/value.h"

#include <doctest/doctest.h>

namespace k1s::cli {
namespace {

using std::chrono::milliseconds;

FlagSpec Spec(FlagType type) { return FlagSpec{.name = "x", .type = type}; }

TEST_CASE("bools accept the usual spellings") {
  for (const char* t : {"true", "TRUE", "1", "t", "yes", "on"}) CHECK(*ParseBool(t));
  for (const char* f : {"false", "False", "0", "f", "no", "off"}) CHECK_FALSE(*ParseBool(f));
  CHECK(ParseBool("maybe").status().message() == "must be true or false");
  CHECK(ParseBool("").status().IsInvalid());
}

TEST_CASE("ints are checked against their range") {
  FlagSpec port = Spec(FlagType::kInt);
  port.min = 1;
  port.max = 65535;
  CHECK(std::get<int64_t>(*ParseValue(port, "6443")) == 6443);
  CHECK(std::get<int64_t>(*ParseValue(port, "65535")) == 65535);
  for (const char* bad : {"0", "65536", "abc", "", "12x", "1.5", "-1"}) {
    CAPTURE(bad);
    CHECK(ParseValue(port, bad).status().message() == "must be an integer from 1 to 65535");
  }
}

TEST_CASE("durations take Go units or plain seconds and format back") {
  CHECK(*ParseDuration("30s") == milliseconds(30'000));
  CHECK(*ParseDuration("5m") == milliseconds(300'000));
  CHECK(*ParseDuration("1h") == milliseconds(3'600'000));
  CHECK(*ParseDuration("1h30m") == milliseconds(5'400'000));
  CHECK(*ParseDuration("250ms") == milliseconds(250));
  CHECK(*ParseDuration("45") == milliseconds(45'000));
  CHECK(*ParseDuration("0") == milliseconds(0));
  for (const char* bad : {"", "s", "5x", "-5s", "-5", "1.5s", "5 m", "m5"}) {
    CAPTURE(bad);
    CHECK(ParseDuration(bad).status().IsInvalid());
  }
  CHECK(FormatDuration(milliseconds(0)) == "0s");
  CHECK(FormatDuration(milliseconds(60'000)) == "1m");
  CHECK(FormatDuration(milliseconds(5'430'000)) == "1h30m30s");
  CHECK(FormatDuration(milliseconds(250)) == "250ms");
  CHECK(FormatDuration(milliseconds(1'500)) == "1.500s");
  FlagSpec interval = Spec(FlagType::kDuration);
  interval.min = 1000;
  CHECK(ParseValue(interval, "500ms").status().message() == "must be at least 1s");
}

TEST_CASE("file modes are 3 or 4 octal digits") {
  CHECK(ParseFileMode("0644")->bits == 0644);
  CHECK(ParseFileMode("600")->bits == 0600);
  CHECK(ParseFileMode("4755")->bits == 04755);
  for (const char* bad : {"", "64", "0888", "rw-r--r--", "07777x", "12345"}) {
    CAPTURE(bad);
    CHECK(ParseFileMode(bad).status().IsInvalid());
  }
  CHECK(FormatValue(Value(FileMode{0600})) == "0600");
}

TEST_CASE("lists split on commas and drop empty items") {
  auto v = ParseValue(Spec(FlagType::kStringList), "a.example, 10.0.0.5,,b");
  CHECK(std::get<std::vector<std::string>>(*v) ==
        std::vector<std::string>{"a.example", "10.0.0.5", "b"});
  CHECK(FormatValue(*v) == "a.example,10.0.0.5,b");
}

TEST_CASE("ip and cidr flags, strings, and the custom validator") {
  CHECK(FormatValue(*ParseValue(Spec(FlagType::kIp), "::1")) == "::1");
  CHECK(ParseValue(Spec(FlagType::kIp), "localhost").status().IsInvalid());
  CHECK(FormatValue(*ParseValue(Spec(FlagType::kCidr), "10.42.0.0/16")) == "10.42.0.0/16");
  CHECK(ParseValue(Spec(FlagType::kCidr), "10.42.0.0").status().IsInvalid());
  FlagSpec url = Spec(FlagType::kString);
  url.validate = [](const Value& v) {
    return std::get<std::string>(v).rfind("https://", 0) == 0
               ? Status::Ok()
               : Status::Invalid("must be an https:// URL");
  };
  CHECK(ParseValue(url, "https://a:6443").ok());
  CHECK(ParseValue(url, "http://a").status().message() == "must be an https:// URL");
}

TEST_CASE("type names shown by --help") {
  CHECK(TypeName(FlagType::kDuration) == "duration");
  CHECK(TypeName(FlagType::kStringList) == "strings");
  CHECK(TypeName(FlagType::kFileMode) == "mode");
}

}  // namespace
}  // namespace k1s::cli

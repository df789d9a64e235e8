#include "pkg/api/proto_values.h"

#include <doctest/doctest.h>

#include "pkg/util/protowire.h"

namespace k1s::api::proto {
namespace {

using Json = nlohmann::json;

std::string Timestamp(int64_t seconds, int32_t nanos) {
  std::string out;
  protowire::PutVarintField(out, 1, static_cast<uint64_t>(seconds));
  protowire::PutVarintField(out, 2, static_cast<uint64_t>(static_cast<int64_t>(nanos)));
  return out;
}

TEST_CASE("ValidUtf8 keeps valid text and replaces each bad byte like Go") {
  CHECK(ValidUtf8("plain") == "plain");
  CHECK(ValidUtf8("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK(ValidUtf8("\xff") == "\xef\xbf\xbd");
  CHECK(ValidUtf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");  // overlong
  CHECK(ValidUtf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
  CHECK(ValidUtf8("a\xe2\x82") == "a\xef\xbf\xbd\xef\xbf\xbd");  // truncated
}

TEST_CASE("Base64 pads like encoding/base64.StdEncoding") {
  CHECK(Base64("") == "");
  CHECK(Base64("f") == "Zg==");
  CHECK(Base64("fo") == "Zm8=");
  CHECK(Base64("foo") == "Zm9v");
  CHECK(Base64("foob") == "Zm9vYg==");
  CHECK(Base64(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("DecodeTime") {
  CHECK(*DecodeTime("", false) == nullptr);
  CHECK(*DecodeTime(Timestamp(1767323045, 0), false) == "2026-01-02T03:04:05Z");
  CHECK(*DecodeTime(Timestamp(1767323045, 5000), true) == "2026-01-02T03:04:05.000005Z");
  CHECK(*DecodeTime(Timestamp(951782400, 0), false) == "2000-02-29T00:00:00Z");
  CHECK(*DecodeTime(Timestamp(1767323045, -1), true) == "2026-01-02T03:04:04.999999Z");
  CHECK(*DecodeTime(Timestamp(-62135596800, 0), false) == nullptr);  // Go's zero time
  CHECK(*DecodeTime(Timestamp(253402300799, 0), false) == "9999-12-31T23:59:59Z");
  CHECK_FALSE(DecodeTime(Timestamp(253402300800, 0), false).ok());
  CHECK_FALSE(DecodeTime(Timestamp(INT64_MIN, 0), false).ok());
  CHECK_FALSE(DecodeTime("\x08", false).ok());
}

TEST_CASE("quantities") {
  for (const char* q : {"1", "100m", "1Gi", "1.5", "+2", "-3k", ".5", "5.", "1e3", "2E-2", "7Ei"}) {
    CHECK_MESSAGE(IsQuantity(q), q);
  }
  for (const char* q : {"", "Gi", "1GB", "1e", "1.2.3", "abc", "1 Gi", "--1"}) {
    CHECK_MESSAGE(!IsQuantity(q), q);
  }
  std::string one;
  protowire::PutBytesField(one, 1, "500Mi");
  CHECK(*DecodeQuantity(one) == "500Mi");
  CHECK(*DecodeQuantity("") == "0");
}

TEST_CASE("IntOrString, embedded JSON, string lists") {
  std::string i;
  protowire::PutVarintField(i, 2, 8080);
  CHECK(*DecodeIntOrString(i) == 8080);
  std::string s;
  protowire::PutVarintField(s, 1, 1);
  protowire::PutBytesField(s, 3, "25%");
  CHECK(*DecodeIntOrString(s) == "25%");
  CHECK(*DecodeIntOrString("") == 0);

  std::string raw;
  protowire::PutBytesField(raw, 1, R"({"a":[1,2]})");
  CHECK(*DecodeEmbeddedJson(raw) == Json::parse(R"({"a":[1,2]})"));
  CHECK(*DecodeEmbeddedJson("") == nullptr);
  std::string bad;
  protowire::PutBytesField(bad, 1, "{nope");
  CHECK_FALSE(DecodeEmbeddedJson(bad).ok());
  std::string deep;
  protowire::PutBytesField(deep, 1, std::string(5000, '[') + std::string(5000, ']'));
  CHECK_FALSE(DecodeEmbeddedJson(deep).ok());

  std::string list;
  protowire::PutBytesField(list, 1, "a");
  protowire::PutBytesField(list, 1, "b");
  CHECK(*DecodeStringList(list) == Json::parse(R"(["a","b"])"));
}

}  // namespace
}  // namespace k1s::api::proto

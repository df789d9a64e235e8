#include "pkg/util/json_dump.h"

#include <random>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace k1s {
namespace {

using Json = nlohmann::json;

void ExpectLikeDump(const Json& value) {
  CAPTURE(value.dump(-1, ' ', false, Json::error_handler_t::replace));
  CHECK(DumpJson(value) == value.dump());
  CHECK(DumpJson(value, InvalidUtf8::kReplace) == value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

TEST_CASE("objects, arrays and scalars are written as dump() writes them") {
  ExpectLikeDump(Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web"},"name":"p"},)"
                             R"("spec":{"containers":[{"image":"pause","name":"c"}],"priority":0},"x":[],"y":{}})"));
  for (const Json& value : {Json(nullptr), Json(true), Json(false), Json(""), Json("x"), Json::array(),
                            Json::object(), Json(0), Json(-1), Json(7u), Json(INT64_MIN), Json(INT64_MAX),
                            Json(UINT64_MAX), Json(0.5), Json(-0.0), Json(1e300), Json(3.0), Json(0.1),
                            Json(std::numeric_limits<double>::quiet_NaN()), Json::binary({1, 2, 3})}) {
    ExpectLikeDump(value);
  }
}

TEST_CASE("every control character, quote and backslash is escaped as dump() escapes it") {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  ExpectLikeDump(Json(all));
  ExpectLikeDump(Json{{all, all}});
  ExpectLikeDump(Json("a\"b\\c/d\x7f"));
}

TEST_CASE("non-ASCII text is written as dump() writes it, and bad UTF-8 fails or is replaced alike") {
  ExpectLikeDump(Json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  ExpectLikeDump(Json{{"k\xc3\xa9y", "v"}});
  const Json bad("ok\xff\xc3");
  CHECK_THROWS_AS(DumpJson(bad), Json::type_error);
  CHECK_THROWS_AS(DumpJson(Json{{"a", bad}}), Json::type_error);
  CHECK(DumpJson(bad, InvalidUtf8::kReplace) == bad.dump(-1, ' ', false, Json::error_handler_t::replace));
}

TEST_CASE("a discarded value is written as dump() writes it") {
  ExpectLikeDump(Json(Json::value_t::discarded));
}

TEST_CASE("appending keeps what the text already held") {
  std::string out = "prefix:";
  AppendJson(Json{{"a", 1}}, out);
  CHECK(out == R"(prefix:{"a":1})");
  out = "prefix:";
  AppendJson(Json("\xc3\xa9"), out);
  CHECK(out == "prefix:\"\xc3\xa9\"");
}

Json RandomValue(std::mt19937& rng, int depth) {
  const char* const strings[] = {"", "a", "k1s", "with \"quotes\"", "tab\there", "\x01", "\xc3\xa9", "z/y~x"};
  switch (rng() % (depth > 3 ? 5 : 7)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<int64_t>(rng()) - static_cast<int64_t>(rng());
    case 3: return static_cast<double>(rng()) / 7.0;
    case 4: return strings[rng() % 8];
    case 5: {
      Json a = Json::array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) o[strings[rng() % 8]] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

TEST_CASE("random trees are written as dump() writes them") {
  std::mt19937 rng(11);
  for (int i = 0; i < 5000; ++i) {
    const Json value = RandomValue(rng, 0);
    REQUIRE(DumpJson(value) == value.dump());
  }
}

}  // namespace
}  // namespace k1s

#include "pkg/util/json_parse.h"

#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace k1s {
namespace {

using Json = nlohmann::json;

// What nlohmann makes of `text`, with types: dump() tells 1 from 1.0 and
// from -0.0, which operator== does not.
std::string Nlohmann(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  return j.is_discarded() ? "<discarded>" : j.dump();
}

std::string Ours(std::string_view text) {
  Json j = ParseJson(text);
  return j.is_discarded() ? "<discarded>" : j.dump();
}

// Same value, same number type at every level.
bool SameTypes(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !SameTypes(*ia, *ib)) return false;
    }
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameTypes(a[i], b[i])) return false;
    }
  }
  return true;
}

void ExpectLikeNlohmann(std::string_view text) {
  CAPTURE(text);
  CHECK(Ours(text) == Nlohmann(text));
  const Json ours = ParseJson(text);
  const Json theirs = Json::parse(text.begin(), text.end(), nullptr, false);
  CHECK(SameTypes(ours, theirs));
}

TEST_CASE("objects, arrays, strings and literals parse as nlohmann parses them") {
  for (std::string_view text : {
           R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web"},"name":"p"},"spec":{}})",
           R"( { "b" : [ 1 , 2 , { } , [ ] ] , "a" : null , "c" : true , "d" : false } )",
           "[]", "{}", "[[[[]]]]", "\"\"", "\"x\"", "null", "true", "false", " \t\r\n[1]\n",
           R"({"z":1,"a":2,"m":3})",                      // keys out of order
           R"({"a":1,"a":2})", R"({"a":{"b":1},"a":[2]})",  // the last repeated key wins
       }) {
    ExpectLikeNlohmann(text);
  }
}

TEST_CASE("numbers keep nlohmann's types: unsigned, signed, double") {
  for (std::string_view text : {
           "0", "-0", "7", "-7", "123456789012345678", "-123456789012345678", "1234567890123456789",
           "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
           "99999999999999999999999", "0.5", "-0.0", "1e3", "1E+3", "1e-3", "2.5e10", "1e400", "-1e400",
           "4.9e-330", "[1,2.0,-3,4e0]",
       }) {
    ExpectLikeNlohmann(text);
  }
}

TEST_CASE("escapes and non-ASCII text decode as nlohmann decodes them") {
  for (std::string_view text : {
           R"("a\"b\\c\/d\be\ff\ng\rh\ti")", R"("\u0041\u00e9\u20ac\u0000")", R"("\ud83d\ude00")",
           R"("\ud83d")", R"("\ude00")", "\"caf\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xff\"", "\"\xc3\"",
           "\xef\xbb\xbf{}", "\"\x7f\"",
       }) {
    ExpectLikeNlohmann(text);
  }
}

TEST_CASE("what is not JSON is discarded, as nlohmann discards it") {
  for (std::string_view text : std::initializer_list<std::string_view>{
           "", " ", "{", "}", "[", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-",
           "1.", ".5", "+1", "1e", "1e+", "-a", "tru", "nul", "falsey", "\"abc", "\"a\nb\"", "\"\\x\"",
           "\"\\u12\"", "\"\\u12g4\"", "{} {}", "[1]]", "'a'", "[-]", "NaN",
       }) {
    ExpectLikeNlohmann(text);
    CHECK(ParseJson(text).is_discarded());
  }
}

TEST_CASE("a NUL byte ends the text, as it does for nlohmann") {
  ExpectLikeNlohmann(std::string_view("[1]\0", 4));
  ExpectLikeNlohmann(std::string_view("[1]\0junk", 8));
  ExpectLikeNlohmann(std::string_view("[1\0]", 4));
}

TEST_CASE("deep nesting is parsed, past the fast path's own depth") {
  std::string deep(2000, '[');
  deep += std::string(2000, ']');
  ExpectLikeNlohmann(deep);
  CHECK(!ParseJson(deep).is_discarded());
  ExpectLikeNlohmann(std::string(2000, '['));
}

// Random documents from a small alphabet of JSON's pieces, most of them
// broken: every one must come out as nlohmann has it.
TEST_CASE("random text from JSON's pieces parses as nlohmann parses it") {
  const std::vector<std::string> pieces = {"{", "}", "[", "]", ",", ":", "\"k\"", "\"a\\\"b\"", "1", "-2",
                                           "3.5", "1e2", "0",  "true", "null", " ", "\"\\u00e9\"", "\"\xc3\xa9\""};
  std::mt19937 rng(7);
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    CAPTURE(text);
    REQUIRE(Ours(text) == Nlohmann(text));
    if (!ParseJson(text).is_discarded()) ++valid;
  }
  CHECK(valid > 100);  // the walk reached real documents, not only errors
}

}  // namespace
}  // namespace k1s

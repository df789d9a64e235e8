#include "pkg/util/json_scan.h"

#include <doctest/doctest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace k1s {
namespace {

using Kind = ScannedField::Kind;

std::string ValueOf(std::string_view json, std::string_view path) {
  ScannedField f = ScanJsonField(json, path);
  REQUIRE(f.kind == Kind::kValue);
  return f.value;
}

bool Unknown(std::string_view json, std::string_view path) {
  return ScanJsonField(json, path).kind == Kind::kUnknown;
}

constexpr std::string_view kPod =
    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","labels":{"a.b/c":"d"},"namespace":"ns"},)"
    R"("spec":{"containers":[{"name":"c","args":["x","}]\"{"]}],"nodeName":"n1","priority":0,)"
    R"("hostNetwork":true,"nil":null},"status":{"phase":"Running","conditions":[]}})";

TEST_CASE("a field is read in place, at any depth, past nested values") {
  CHECK(ValueOf(kPod, "kind") == "Pod");
  CHECK(ValueOf(kPod, "metadata.name") == "web-1");
  CHECK(ValueOf(kPod, "metadata.namespace") == "ns");
  CHECK(ValueOf(kPod, "spec.nodeName") == "n1");  // after an array holding brackets in a string
  CHECK(ValueOf(kPod, "status.phase") == "Running");
  CHECK(ValueOf(kPod, "spec.hostNetwork") == "true");
  CHECK(ValueOf(" \n{ \"a\" : { \"b\" : false } } ", "a.b") == "false");
}

TEST_CASE("missing fields, null, objects and arrays read as empty, as field selectors compare them") {
  CHECK(ValueOf(kPod, "spec.schedulerName").empty());
  CHECK(ValueOf(kPod, "nothing.here").empty());
  CHECK(ValueOf(kPod, "kind.deeper").empty());  // a string has no fields
  CHECK(ValueOf(kPod, "spec.nil").empty());
  CHECK(ValueOf(kPod, "status.conditions").empty());
  CHECK(ValueOf(kPod, "metadata.labels").empty());
  CHECK(ValueOf("{}", "a").empty());
}

TEST_CASE("what the scan cannot decide is left to the parsed object") {
  CHECK(Unknown(kPod, "spec.priority"));                       // numbers keep the DOM's formatting
  CHECK(Unknown(R"({"a":"x\"y"})", "a"));                      // escaped strings
  CHECK(Unknown(R"({"a\u0062":"x","ab":"y"})", "ab"));         // escaped keys
  CHECK(Unknown("k8s:enc:aescbc:v1:key1:....", "a"));          // not an object: encrypted
  CHECK(Unknown(R"({"a":{"b":"c")", "a.d"));                   // truncated
  CHECK(Unknown(R"({"a" "b"})", "a"));                         // malformed
  CHECK(Unknown("", "a"));
}

TEST_CASE("values are skipped whole, whatever their strings hold") {
  // A string ending in an escaped backslash, brackets and quotes in strings.
  CHECK(ValueOf(R"({"a":["x\\"],"b":"y"})", "b") == "y");
  CHECK(ValueOf(R"({"a":{"x":"}\"]"},"b":"y"})", "b") == "y");
  CHECK(ValueOf(R"({"a":[[],{},[{"c":[]}]],"b":"y"})", "b") == "y");
  // Brackets that do not match, or never close: left to the parser.
  CHECK(Unknown(R"({"a":[}],"b":"y"})", "b"));
  CHECK(Unknown(R"({"a":{]},"b":"y"})", "b"));
  CHECK(Unknown(R"({"a":[[],"b":"y"})", "b"));
  CHECK(Unknown(R"({"a":"x,"b":"y"})", "b"));
  // Nesting as deep as stored objects go, and deeper.
  auto nested = [](int depth) {
    return R"({"a":)" + std::string(depth, '[') + std::string(depth, ']') + R"(,"b":"y"})";
  };
  CHECK(ValueOf(nested(64), "b") == "y");
  CHECK(Unknown(nested(65), "b"));
}

// What a field selector reads from the parsed object at `path`.
std::string DomValue(const nlohmann::json& object, std::string_view path) {
  const nlohmann::json* at = &object;
  while (true) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
    if (dot == std::string_view::npos) break;
    path = path.substr(dot + 1);
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_boolean()) return at->get<bool>() ? "true" : "false";
  return "";
}

TEST_CASE("a scan reads what the parsed object holds, for dump()'s text of random objects") {
  std::mt19937 random(7);
  const std::vector<std::string> strings = {"", "x", "Running", "a\\\"b", "}]", "[{\"", "\\", "\u00e9t\u00e9"};
  std::function<nlohmann::json(int)> value = [&](int depth) -> nlohmann::json {
    switch (random() % (depth > 3 ? 4 : 6)) {
      case 0: return strings[random() % strings.size()];
      case 1: return random() % 2 == 0;
      case 2: return nullptr;
      case 3: return static_cast<int>(random() % 100);
      case 4: {
        nlohmann::json a = nlohmann::json::array();
        for (int i = static_cast<int>(random() % 4); i > 0; --i) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        nlohmann::json o = nlohmann::json::object();
        for (int i = static_cast<int>(random() % 4); i > 0; --i) {
          o[std::string(1, static_cast<char>('a' + random() % 4))] = value(depth + 1);
        }
        return o;
      }
    }
  };
  for (int round = 0; round < 2000; ++round) {
    nlohmann::json object = nlohmann::json::object();
    for (const char* key : {"a", "b", "c"}) object[key] = value(0);
    const std::string text = object.dump();
    for (const char* path : {"a", "b", "c", "a.a", "b.c", "c.d", "a.b.c"}) {
      ScannedField f = ScanJsonField(text, path);
      if (f.kind == Kind::kUnknown) continue;  // numbers, escapes: the DOM decides
      CHECK_MESSAGE(f.value == DomValue(object, path), text, " at ", path);
    }
  }
}

// What InsertJsonMember must match: parse, set, dump.
std::string SetByDom(std::string_view json) {
  nlohmann::json object = nlohmann::json::parse(json);
  object["metadata"]["resourceVersion"] = "42";
  return object.dump();
}

TEST_CASE("a member is inserted where dump() of the DOM would put it") {
  for (std::string_view metadata : {
           R"({})",                                                      // empty
           R"({"uid":"u"})",                                             // before the first
           R"({"name":"a","uid":"u"})",                                  // in the middle
           R"({"labels":{"x":"}"},"name":"a"})",                         // after the last
           R"({"annotations":{"a":"{\"q\":1}"},"generation":3,"name":"n","ownerReferences":[{"uid":"o"}],"uid":"u"})",
       }) {
    const std::string json = nlohmann::json::parse(std::string(R"({"apiVersion":"v1","kind":"Pod","metadata":)") +
                                                   std::string(metadata) + R"(,"spec":{"a":[1,2]}})")
                                 .dump();
    auto inserted = InsertJsonMember(json, "metadata", "resourceVersion", R"("42")");
    REQUIRE(inserted.has_value());
    CHECK(*inserted == SetByDom(json));
  }
}

TEST_CASE("a member is not inserted into text of another shape") {
  auto none = [](std::string_view json) {
    return !InsertJsonMember(json, "metadata", "resourceVersion", R"("1")").has_value();
  };
  CHECK(none(R"({"kind":"Pod"})"));                                  // no metadata
  CHECK(none(R"({"metadata":"x"})"));                                // not an object
  CHECK(none(R"({"metadata":{"resourceVersion":"7"}})"));            // already there
  CHECK(none(R"({"metadata":{"na\u006de":"a"}})"));                 // an escaped name
  CHECK(none(R"({"metadata":{"name":"a")"));                         // cut short
  CHECK(none(R"(["metadata"])"));                                    // not an object
  CHECK(none("k1s:enc:aescbc:v1:key1:\x01\x02"));                  // an encrypted value
  CHECK(none(""));
}

TEST_CASE("a member is cut from the text, with its comma, and the rest left as it was") {
  const nlohmann::json event = {
      {"type", "MODIFIED"},
      {"object",
       {{"kind", "Pod"},
        {"metadata", {{"annotations", {{"a", "b"}}}, {"managedFields", {{{"manager", "m"}, {"fieldsV1", {{"f:spec", nlohmann::json::object()}}}}}}, {"name", "p"}}},
        {"spec", {{"managedFields", 1}}}}}};
  auto cut_by_dom = [](nlohmann::json j, std::initializer_list<std::string> path) {
    nlohmann::json* at = &j;
    for (auto it = path.begin(); it + 1 != path.end(); ++it) at = &(*at)[*it];
    at->erase(*(path.end() - 1));
    return j;
  };
  SUBCASE("between others, first, last and only") {
    const std::string text = event.dump();
    auto cut = RemoveJsonMember(text, {"object", "metadata", "managedFields"});
    REQUIRE(cut.has_value());
    CHECK(*cut == cut_by_dom(event, {"object", "metadata", "managedFields"}).dump());
    // Kept by informers for as long as the object: no capacity of the
    // longer text is carried along.
    CHECK(cut->capacity() < cut->size() + 16);
    for (const char* first : {"annotations", "name"}) {
      auto cut_again = RemoveJsonMember(*cut, {"object", "metadata", first});
      REQUIRE(cut_again.has_value());
      CHECK(nlohmann::json::parse(*cut_again) ==
            cut_by_dom(nlohmann::json::parse(*cut), {"object", "metadata", first}));
    }
    auto only = RemoveJsonMember(R"({"object":{"metadata":{"managedFields":[{"a":"}"}]}}})",
                                 {"object", "metadata", "managedFields"});
    REQUIRE(only.has_value());
    CHECK(*only == R"({"object":{"metadata":{}}})");
    auto top = RemoveJsonMember(text, {"type"});
    REQUIRE(top.has_value());
    CHECK(nlohmann::json::parse(*top) == cut_by_dom(event, {"type"}));
  }
  SUBCASE("spaces and newlines around it stay valid JSON") {
    const std::string text = event.dump(2);
    for (const char* member : {"annotations", "managedFields", "name"}) {
      auto cut = RemoveJsonMember(text, {"object", "metadata", member});
      REQUIRE(cut.has_value());
      CHECK(nlohmann::json::parse(*cut) == cut_by_dom(event, {"object", "metadata", member}));
    }
  }
  SUBCASE("not there, or not the plain shape: nothing is cut") {
    auto none = [](std::string_view json) {
      return !RemoveJsonMember(json, {"object", "metadata", "managedFields"}).has_value();
    };
    CHECK(none(R"({"object":{"metadata":{"name":"p"}}})"));             // not there
    CHECK(none(R"({"object":{"metadata":{}}})"));                       // empty
    CHECK(none(R"({"object":{"spec":{"managedFields":1}}})"));          // no metadata
    CHECK(none(R"({"object":{"metadata":"x"}})"));                      // not an object
    CHECK(none(R"({"object":{"metadata":{"na\u006de":"a","managedFields":1}}})"));  // escaped name
    CHECK(none(R"({"object":{"metadata":{"managedFields":[1,2)"));      // cut short
    CHECK(none("k1s:enc:aescbc:v1:key1:\x01\x02"));
    CHECK(none(""));
  }
}

TEST_CASE("a member's value text") {
  CHECK(JsonMemberText(R"({"type":"ADDED","object":{"a":[1,{"b":"}"}]}})", "object") == R"({"a":[1,{"b":"}"}]})");
  CHECK(JsonMemberText(R"({ "object" : "x" , "type":"ADDED"})", "object") == R"("x")");
  CHECK(JsonMemberText(R"({"type":"ADDED","object":12})", "object") == "12");
  CHECK_FALSE(JsonMemberText(R"({"type":"ADDED"})", "object"));
  CHECK_FALSE(JsonMemberText(R"({"typ\u0065":"ADDED","object":1})", "object"));  // escaped name before it
  CHECK_FALSE(JsonMemberText(R"({"type":"ADDED","object":{"a":)", "object"));    // cut short
  CHECK_FALSE(JsonMemberText("[1]", "object"));
  CHECK_FALSE(JsonMemberText("", "object"));
}

TEST_CASE("parsing without a member: cut from the text, or erased from the value when the text is another shape") {
  const nlohmann::json want = nlohmann::json::parse(R"({"object":{"metadata":{"name":"p"}}})");
  CHECK(ParseJsonWithout(R"({"object":{"metadata":{"managedFields":[1],"name":"p"}}})",
                         {"object", "metadata", "managedFields"}) == want);
  // An escaped name on the way: the text is not cut, the value is.
  CHECK(ParseJsonWithout(R"({"obj\u0065ct":{"metadata":{"managedFields":[1],"name":"p"}}})",
                         {"object", "metadata", "managedFields"}) == want);
  // Nothing to remove, or no object on the way: parsed as it is.
  CHECK(ParseJsonWithout(R"({"object":{"metadata":{"name":"p"}}})", {"object", "metadata", "managedFields"}) == want);
  CHECK(ParseJsonWithout(R"({"object":[1]})", {"object", "metadata", "managedFields"}) ==
        nlohmann::json::parse(R"({"object":[1]})"));
  CHECK(ParseJsonWithout("not json", {"metadata", "managedFields"}).is_discarded());
}

}  // namespace
}  // namespace k1s

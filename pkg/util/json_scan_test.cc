#include "pkg/util/json_scan.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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

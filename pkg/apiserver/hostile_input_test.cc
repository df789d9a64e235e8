// The limits that keep hostile request bodies from crashing or exhausting
// the server: nesting depth, YAML aliases, JSON patch copies, repeated keys,
// and field sets that stay linear in the size of an object.
#include <doctest/doctest.h>

#include <string>

#include "pkg/apiserver/field_set.h"
#include "pkg/apiserver/field_validation.h"
#include "pkg/apiserver/json_limits.h"
#include "pkg/apiserver/patch_document.h"
#include "pkg/apiserver/yaml_json.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_CASE("JSON bodies nested past kMaxJsonDepth are refused before parsing") {
  CHECK(JsonTextDepth(R"({"a":[1,{"b":"[[[[\"{{"}]})") == 3);
  CHECK(ParseJsonText(Nested(kMaxJsonDepth), "the body").ok());
  auto deep = ParseJsonText(Nested(100000), "the body");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().message().find("exceeded max depth") != std::string::npos);
  CHECK_FALSE(ParseJsonNotingDuplicates(Nested(kMaxJsonDepth + 1)).ok());
  CHECK(ParseJsonNotingDuplicates(Nested(kMaxJsonDepth)).ok());
  CHECK(JsonDepth(Json::parse(Nested(10))) == 10);
  CHECK(JsonDepth(Json(1)) == 0);
}

TEST_CASE("repeated keys: paths as before, reports capped") {
  auto one = ParseJsonNotingDuplicates(R"({"spec":{"containers":[{"name":"a","name":"b"}]}})");
  REQUIRE(one.ok());
  REQUIRE(one->problems.size() == 1);
  CHECK(one->problems[0] == R"(duplicate field "spec.containers[0].name")");
  std::string many = "{";
  for (int i = 0; i < 1000; ++i) many += R"("a":1,)";
  many += R"("a":1})";
  auto capped = ParseJsonNotingDuplicates(many);
  REQUIRE(capped.ok());
  CHECK(capped->problems.size() == 100);
}

TEST_CASE("repeated keys are found past colons and escaped quotes inside strings") {
  // Keys are counted as the ':'s outside strings; these strings hold both.
  const std::string tricky = R"({"metadata":{"annotations":{"a:b":"x:\":y","c\":d":"{\"k\":1}"}},)";
  auto clean = ParseJsonNotingDuplicates(tricky + R"("spec":{"n":1}})");
  REQUIRE(clean.ok());
  CHECK(clean->problems.empty());
  CHECK(clean->value["metadata"]["annotations"]["a:b"] == "x:\":y");
  auto repeated = ParseJsonNotingDuplicates(tricky + R"("spec":{"n":1,"n":2}})");
  REQUIRE(repeated.ok());
  REQUIRE(repeated->problems.size() == 1);
  CHECK(repeated->problems[0] == R"(duplicate field "spec.n")");
  CHECK(repeated->value["spec"]["n"] == 2);
  CHECK_FALSE(ParseJsonNotingDuplicates(R"({"a":1,})").ok());
}

TEST_CASE("YAML: alias bombs, deep nesting and invalid UTF-8 are BadRequest") {
  std::string lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  std::string prev = "a";
  for (std::string n : {"b", "c", "d", "e", "f", "g", "h", "i"}) {
    lol += n + ": &" + n + " [";
    for (int i = 0; i < 9; ++i) lol += (i ? ",*" : "*") + prev;
    lol += "]\n";
    prev = n;
  }
  auto bomb = YamlToJson(lol);
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.status().message().find("aliases") != std::string::npos);
  CHECK(YamlToJson("a: &x [1, 2]\nb: *x\n").ok());  // modest aliases still work
  CHECK_FALSE(YamlToJson("a: " + Nested(kMaxJsonDepth + 1)).ok());
  // yaml-cpp itself stops at about 500 levels of flow collections.
  CHECK(YamlToJson("a: " + Nested(400)).ok());
  auto latin1 = YamlToJson("a: \"\xff\"\n");
  REQUIRE_FALSE(latin1.ok());
  CHECK(latin1.status().message().find("invalid UTF-8") != std::string::npos);
}

TEST_CASE("JSON patch: copies are limited as kube-apiserver limits them, and depth too") {
  Json object = {{"metadata", {{"name", "x"}}}, {"data", {{"a", std::string(1000, 'x')}}}};
  Json bomb = Json::array();
  for (int i = 0; i < 40; ++i) {
    bomb.push_back({{"op", "copy"}, {"from", "/data"}, {"path", "/data/c" + std::to_string(i)}});
  }
  auto blown = ApplyJsonPatch(object, bomb);
  REQUIRE_FALSE(blown.ok());
  CHECK(blown.status().message().find("accumulated size increase of copy") != std::string::npos);

  Json deep = Json::parse(Nested(kMaxJsonDepth - 1));
  auto too_deep =
      ApplyJsonPatch(object, Json::array({{{"op", "add"}, {"path", "/data/b"}, {"value", deep}}}));
  CHECK_FALSE(too_deep.ok());
  auto fits =
      ApplyJsonPatch(object, Json::array({{{"op", "add"}, {"path", "/b"}, {"value", deep}}}));
  CHECK(fits.ok());

  auto ok = ApplyJsonPatch(object, Json::parse(R"([{"op":"copy","from":"/data","path":"/copy"},
      {"op":"move","from":"/copy","path":"/moved"},{"op":"test","path":"/moved/a","value":")" +
                                               std::string(1000, 'x') + R"("}])"));
  REQUIRE(ok.ok());
  CHECK(ok->contains("moved"));
  CHECK_FALSE(ApplyJsonPatch(object, Json::object()).ok());
}

TEST_CASE("field sets of wide and deep objects: what changed, without materializing paths") {
  const TypeSchema pod = TypeSchema::ForKind("", "v1", "Pod");
  Json before = Json::parse(R"({"metadata":{"labels":{"a":"1","b":"2"}},
      "spec":{"containers":[{"name":"web","image":"nginx"},{"name":"side","image":"busybox"}]}})");
  Json after = before;
  after["metadata"]["labels"]["a"] = "changed";
  after["spec"]["containers"][1]["image"] = "busybox:2";
  after["spec"]["containers"].push_back({{"name", "new"}, {"image", "x"}});
  after["metadata"]["labels"].erase("b");
  FieldChanges changes = CompareFields(before, after, pod);
  CHECK(changes.modified.Has({"f:metadata", "f:labels", "f:a"}));
  CHECK(changes.modified.Has({"f:spec", "f:containers", R"(k:{"name":"side"})", "f:image"}));
  CHECK_FALSE(changes.modified.Has({"f:spec", "f:containers", R"(k:{"name":"web"})", "f:image"}));
  CHECK(changes.added.Has({"f:spec", "f:containers", R"(k:{"name":"new"})"}));
  CHECK(changes.removed.Has({"f:metadata", "f:labels", "f:b"}));
  // An empty keyed list leaves nothing behind.
  CHECK(FieldsOf(Json::parse(R"({"spec":{"containers":[]}})"), pod).ToJson() == Json::object());

  FieldSet set;
  set.Insert({"f:a", "f:b"});
  CHECK(set.Covers({"f:a", "f:b", "f:c"}));
  CHECK(set.Covers({"f:a", "f:b"}));
  CHECK_FALSE(set.Covers({"f:a"}));
}

}  // namespace
}  // namespace k1s::apiserver

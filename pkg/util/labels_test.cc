#include "pkg/util/labels.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace k1s {
namespace {

using Labels = std::map<std::string, std::string>;
using nlohmann::json;

LabelSelector MustParse(std::string_view text) {
  Result<LabelSelector> s = LabelSelector::Parse(text);
  REQUIRE_MESSAGE(s.ok(), std::string(text) << ": " << s.status().ToString());
  return *s;
}

// The BadRequest message for `text`; fails the test if it parses.
std::string ParseError(std::string_view text) {
  Result<LabelSelector> s = LabelSelector::Parse(text);
  REQUIRE_MESSAGE(!s.ok(), std::string(text) << " parsed as " << s->ToString());
  CHECK(s.status().code() == StatusCode::kBadRequest);
  return s.status().message();
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("equality operators") {
  Labels web{{"app", "web"}, {"tier", "front"}};
  Labels db{{"app", "db"}};
  Labels none;
  for (const char* text : {"app=web", "app==web", " app = web ", "app\t==\tweb"}) {
    LabelSelector s = MustParse(text);
    CHECK_MESSAGE(s.Matches(web), text);
    CHECK_MESSAGE(!s.Matches(db), text);
    CHECK_MESSAGE(!s.Matches(none), text);
  }
  LabelSelector ne = MustParse("app!=web");
  CHECK(!ne.Matches(web));
  CHECK(ne.Matches(db));
  CHECK(ne.Matches(none));  // absent counts as "not equal"
  CHECK(ne.requirements()[0].op == LabelOperator::kNotEquals);
  CHECK(MustParse("app==web").requirements()[0].op == LabelOperator::kDoubleEquals);
}

TEST_CASE("empty values") {
  LabelSelector s = MustParse("a=");
  CHECK(s.Matches({{"a", ""}}));
  CHECK(!s.Matches({{"a", "x"}}));
  CHECK(!s.Matches({}));
  CHECK(MustParse("a=,b").requirements().size() == 2);
  CHECK(MustParse("a!=").Matches({{"a", "x"}}));
}

TEST_CASE("set operators") {
  LabelSelector in = MustParse("env in (prod, staging)");
  CHECK(in.Matches({{"env", "prod"}}));
  CHECK(in.Matches({{"env", "staging"}}));
  CHECK(!in.Matches({{"env", "dev"}}));
  CHECK(!in.Matches({}));
  CHECK(in.requirements()[0].values == std::vector<std::string>{"prod", "staging"});

  LabelSelector notin = MustParse("env notin (prod)");
  CHECK(!notin.Matches({{"env", "prod"}}));
  CHECK(notin.Matches({{"env", "dev"}}));
  CHECK(notin.Matches({}));

  // Duplicates collapse and values are sorted; empty members are allowed.
  CHECK(MustParse("x in (b,a,b)").requirements()[0].values == std::vector<std::string>{"a", "b"});
  CHECK(MustParse("x in (a,,b)").requirements()[0].values ==
        std::vector<std::string>{"", "a", "b"});
  CHECK(MustParse("x in (,a)").requirements()[0].values == std::vector<std::string>{"", "a"});
  CHECK(MustParse("x in ()").requirements()[0].values == std::vector<std::string>{""});
  CHECK(MustParse("x in ()").Matches({{"x", ""}}));
  // Keywords are identifiers in key and value position.
  LabelSelector kw = MustParse("in in (in,notin)");
  CHECK(kw.Matches({{"in", "notin"}}));
  CHECK(MustParse("notin notin (in)").Matches({{"notin", "x"}}));
}

TEST_CASE("exists and does-not-exist") {
  LabelSelector exists = MustParse("release");
  CHECK(exists.Matches({{"release", ""}}));
  CHECK(!exists.Matches({{"other", "x"}}));
  CHECK(exists.requirements()[0].op == LabelOperator::kExists);

  LabelSelector missing = MustParse("!canary");
  CHECK(missing.Matches({}));
  CHECK(!missing.Matches({{"canary", "true"}}));
  CHECK(MustParse(" ! canary ").requirements()[0].op == LabelOperator::kDoesNotExist);
}

TEST_CASE("greater-than and less-than") {
  LabelSelector gt = MustParse("v>5");
  CHECK(gt.Matches({{"v", "6"}}));
  CHECK(!gt.Matches({{"v", "5"}}));
  CHECK(!gt.Matches({{"v", "abc"}}));
  CHECK(!gt.Matches({}));
  LabelSelector lt = MustParse("v < 5");
  CHECK(lt.Matches({{"v", "4"}}));
  CHECK(!lt.Matches({{"v", "5"}}));
  CHECK(Contains(ParseError("v>abc"), "for 'Gt', 'Lt' operators, the value must be an integer"));
}

TEST_CASE("comma is AND and requirements are sorted by key") {
  LabelSelector s = MustParse("tier!=db, app in (web), !canary,release");
  CHECK(s.Matches({{"app", "web"}, {"tier", "front"}, {"release", "1"}}));
  CHECK(!s.Matches({{"app", "web"}, {"tier", "front"}}));
  CHECK(!s.Matches({{"app", "web"}, {"tier", "front"}, {"release", "1"}, {"canary", "y"}}));
  CHECK(s.ToString() == "app in (web),!canary,release,tier!=db");
  CHECK(MustParse(s.ToString()).ToString() == s.ToString());
  CHECK(MustParse("b=1,a==2,c notin (x,y),d>3").ToString() == "a==2,b=1,c notin (x,y),d>3");
}

TEST_CASE("everything and nothing") {
  CHECK(MustParse("").IsEverything());
  CHECK(MustParse("  \t").IsEverything());
  CHECK(MustParse("").Matches({}));
  CHECK(LabelSelector().Matches({{"a", "b"}}));
  CHECK(!LabelSelector::Nothing().Matches({}));
  CHECK(LabelSelector::Nothing().IsNothing());
}

TEST_CASE("keys with prefixes") {
  LabelSelector s = MustParse("app.kubernetes.io/name=web");
  CHECK(s.Matches({{"app.kubernetes.io/name", "web"}}));
  CHECK(MustParse("example.com/A_b.c-9").requirements()[0].key == "example.com/A_b.c-9");
}

TEST_CASE("syntax errors are worded like Kubernetes") {
  CHECK(ParseError("a=b=c") == "found '=', expected: ',' or 'end of string'");
  CHECK(ParseError("a b") ==
        "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  CHECK(ParseError("a=b c") == "found 'c', expected: ',' or 'end of string'");
  CHECK(ParseError("a=b,") == "found '', expected: identifier after ','");
  CHECK(ParseError("a,,b") == "found ',', expected: identifier after ','");
  CHECK(ParseError(",a") == "found ',', expected: !, identifier, or 'end of string'");
  CHECK(ParseError("=a") == "found '=', expected: !, identifier, or 'end of string'");
  CHECK(ParseError("a in b") == "unable to parse requirement: found 'b' expected: '('");
  CHECK(ParseError("a in (b") == "unable to parse requirement: found '', expected: ',' or ')'");
  CHECK(ParseError("a in (=)") ==
        "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  CHECK(ParseError("a in (b,=)") ==
        "unable to parse requirement: found '=', expected: ',', or identifier");
  CHECK(ParseError("a (b)") ==
        "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
  CHECK(ParseError("a=(b)") == "unable to parse requirement: found '(', expected: identifier");
  CHECK(ParseError("!") == "unable to parse requirement: found '', expected: identifier");
  CHECK(ParseError("!a=b") == "found '=', expected: ',' or 'end of string'");
}

TEST_CASE("invalid keys and values") {
  std::string e = ParseError("-a=b");
  CHECK(Contains(e,
                 "unable to parse requirement: key: Invalid value: \"-a\": name part must "
                 "consist of alphanumeric characters"));
  CHECK(Contains(ParseError(std::string(64, 'k')), "name part must be no more than 63 characters"));
  CHECK(MustParse(std::string(63, 'k')).requirements().size() == 1);
  CHECK(Contains(ParseError("Example.com/a"), "prefix part a lowercase RFC 1123 subdomain"));
  CHECK(Contains(ParseError("/a"), "prefix part must be non-empty"));
  CHECK(Contains(ParseError("a/"), "name part must be non-empty"));
  CHECK(Contains(ParseError("a/b/c"), "a qualified name must consist of"));

  e = ParseError("a=-b");
  CHECK(Contains(e, "values[0][a]: Invalid value: \"-b\": a valid label must be an empty string"));
  CHECK(Contains(ParseError("a=" + std::string(64, 'v')), "must be no more than 63 characters"));
  CHECK(MustParse("a=" + std::string(63, 'v')).requirements().size() == 1);
  CHECK(Contains(ParseError("a in (x,y.)"), "values[1][a]: Invalid value: \"y.\""));
  CHECK(Contains(ParseError("a=b c"), "found 'c'"));
}

TEST_CASE("LabelKeyErrors and LabelValueErrors") {
  CHECK(LabelKeyErrors("app").empty());
  CHECK(LabelKeyErrors("k8s.io/app").empty());
  CHECK(LabelKeyErrors("a-b_c.d").empty());
  CHECK(!LabelKeyErrors("").empty());
  CHECK(!LabelKeyErrors("a_").empty());
  CHECK(!LabelKeyErrors("a b").empty());
  CHECK(!LabelKeyErrors("-x.io/a").empty());
  CHECK(!LabelKeyErrors(std::string(254, 'a') + "/b").empty());
  CHECK(LabelValueErrors("").empty());
  CHECK(LabelValueErrors("A.b-c_9").empty());
  CHECK(!LabelValueErrors("a/b").empty());
  CHECK(!LabelValueErrors("_a").empty());
}

TEST_CASE("matching the JSON metadata.labels object") {
  LabelSelector s = MustParse("app=web,!canary");
  CHECK(s.MatchesJson(json{{"app", "web"}}));
  CHECK(!s.MatchesJson(json{{"app", "web"}, {"canary", "1"}}));
  CHECK(!s.MatchesJson(json()));
  CHECK(!s.MatchesJson(json{{"app", 5}}));  // not a string: absent
  CHECK(MustParse("!app").MatchesJson(json()));
  json pod = {{"metadata", {{"name", "p"}, {"labels", {{"app", "web"}}}}}};
  CHECK(s.MatchesObject(pod));
  CHECK(!s.MatchesObject(json{{"metadata", {{"name", "p"}}}}));
  CHECK(MustParse("").MatchesObject(json{{"metadata", {{"name", "p"}}}}));
  CHECK(!LabelSelector::Nothing().MatchesObject(pod));
}

TEST_CASE("FromMap") {
  LabelSelector s = LabelSelector::FromMap({{"app", "web"}, {"tier", "front"}});
  CHECK(s.Matches({{"app", "web"}, {"tier", "front"}, {"x", "y"}}));
  CHECK(!s.Matches({{"app", "web"}}));
  CHECK(s.ToString() == "app=web,tier=front");
  CHECK(LabelSelector::FromMap({}).IsEverything());
}

TEST_CASE("structured selector: matchLabels and matchExpressions") {
  json sel = json::parse(R"({
    "matchLabels": {"app": "web"},
    "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["prod", "staging"]},
      {"key": "tier", "operator": "NotIn", "values": ["db"]},
      {"key": "release", "operator": "Exists"},
      {"key": "canary", "operator": "DoesNotExist", "values": []}
    ]})");
  Result<LabelSelector> s = LabelSelector::FromJson(sel, "spec.selector");
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  CHECK(s->requirements().size() == 5);
  CHECK(s->Matches({{"app", "web"}, {"env", "prod"}, {"release", "r1"}}));
  CHECK(!s->Matches({{"app", "web"}, {"env", "dev"}, {"release", "r1"}}));
  CHECK(!s->Matches({{"app", "web"}, {"env", "prod"}, {"release", "r1"}, {"tier", "db"}}));
  CHECK(!s->Matches({{"app", "web"}, {"env", "prod"}}));
  CHECK(!s->Matches({{"app", "web"}, {"env", "prod"}, {"release", "r1"}, {"canary", ""}}));
  CHECK(s->ToString() == "app=web,!canary,env in (prod,staging),release,tier notin (db)");

  Result<LabelSelector> empty = LabelSelector::FromJson(json::object());
  REQUIRE(empty.ok());
  CHECK(empty->IsEverything());
  Result<LabelSelector> null = LabelSelector::FromJson(json());
  REQUIRE(null.ok());
  CHECK(null->IsNothing());
  CHECK(!null->Matches({}));
}

std::string StructuredError(const char* text) {
  Result<LabelSelector> s = LabelSelector::FromJson(json::parse(text), "spec.selector");
  REQUIRE_MESSAGE(!s.ok(), text);
  CHECK(s.status().IsInvalid());
  return s.status().message();
}

TEST_CASE("structured selector errors name the field") {
  CHECK(StructuredError(R"({"matchExpressions":[{"key":"a","operator":"Foo"}]})") ==
        "spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector "
        "operator");
  CHECK(StructuredError(R"({"matchExpressions":[{"key":"a","operator":"In"}]})") ==
        "spec.selector.matchExpressions[0].values: Required value: must be specified when "
        "`operator` is 'In' or 'NotIn'");
  CHECK(StructuredError(R"({"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]})") ==
        "spec.selector.matchExpressions[0].values: Required value: must be specified when "
        "`operator` is 'In' or 'NotIn'");
  CHECK(
      StructuredError(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})") ==
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when "
      "`operator` is 'Exists' or 'DoesNotExist'");
  CHECK(Contains(StructuredError(R"({"matchExpressions":[{"key":"a b","operator":"Exists"}]})"),
                 "spec.selector.matchExpressions[0].key: Invalid value: \"a b\": name part"));
  CHECK(Contains(
      StructuredError(R"({"matchExpressions":[{"key":"a","operator":"In","values":["ok","-x"]}]})"),
      "spec.selector.matchExpressions[0].values[1]: Invalid value: \"-x\": a valid label"));
  CHECK(Contains(StructuredError(R"({"matchLabels":{"-a":"b"}})"),
                 "spec.selector.matchLabels: Invalid value: \"-a\": name part"));
  CHECK(Contains(StructuredError(R"({"matchLabels":{"a":"b c"}})"),
                 "spec.selector.matchLabels: Invalid value: \"b c\": a valid label"));
  CHECK(Contains(StructuredError(R"({"matchLabels":{"a":1}})"),
                 "spec.selector.matchLabels.a: Invalid value: 1: must be a string"));
  CHECK(Contains(StructuredError(R"({"matchLabels":[]})"), "spec.selector.matchLabels"));
  CHECK(Contains(StructuredError(R"({"matchExpressions":{}})"), "spec.selector.matchExpressions"));
  CHECK(Contains(StructuredError(R"("app=web")"), "spec.selector: Invalid value"));
  // Several problems are reported together.
  std::string both = StructuredError(
      R"({"matchLabels":{"-a":"b"},"matchExpressions":[{"key":"a","operator":"Foo"}]})");
  CHECK(both.front() == '[');
  CHECK(Contains(both, "matchLabels"));
  CHECK(Contains(both, "operator"));
}

}  // namespace
}  // namespace k1s

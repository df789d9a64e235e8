#include "pkg/util/fields.h"

#include <doctest/doctest.h>

#include <map>

namespace k1s {
namespace {

FieldSelector MustParse(std::string_view text) {
  Result<FieldSelector> s = FieldSelector::Parse(text);
  REQUIRE_MESSAGE(s.ok(), std::string(text) << ": " << s.status().ToString());
  return *s;
}

std::string ParseError(std::string_view text) {
  Result<FieldSelector> s = FieldSelector::Parse(text);
  REQUIRE_MESSAGE(!s.ok(), std::string(text) << " parsed as " << s->ToString());
  CHECK(s.status().code() == StatusCode::kBadRequest);
  return s.status().message();
}

FieldGetter Fields(std::map<std::string, std::string> fields) {
  return [fields = std::move(fields)](std::string_view f) -> std::optional<std::string> {
    auto it = fields.find(std::string(f));
    if (it == fields.end()) return std::nullopt;
    return it->second;
  };
}

TEST_CASE("operators") {
  auto running = Fields({{"status.phase", "Running"}, {"metadata.name", "p1"}});
  auto pending = Fields({{"status.phase", "Pending"}, {"metadata.name", "p2"}});
  for (const char* text : {"status.phase=Running", "status.phase==Running"}) {
    FieldSelector s = MustParse(text);
    CHECK_MESSAGE(s.Matches(running), text);
    CHECK_MESSAGE(!s.Matches(pending), text);
  }
  FieldSelector ne = MustParse("status.phase!=Running");
  CHECK(!ne.Matches(running));
  CHECK(ne.Matches(pending));
  CHECK(MustParse("status.phase==Running").requirements()[0].op == FieldOperator::kDoubleEquals);
  CHECK(ne.requirements()[0].op == FieldOperator::kNotEquals);
}

TEST_CASE("comma is AND; empty terms are skipped; sorted by field") {
  FieldSelector s = MustParse("status.phase=Running,metadata.name!=p2,");
  CHECK(s.requirements().size() == 2);
  CHECK(s.Matches(Fields({{"status.phase", "Running"}, {"metadata.name", "p1"}})));
  CHECK(!s.Matches(Fields({{"status.phase", "Running"}, {"metadata.name", "p2"}})));
  CHECK(s.ToString() == "metadata.name!=p2,status.phase=Running");
  CHECK(MustParse("a=1,,b=2").requirements().size() == 2);
}

TEST_CASE("everything, empty values and unset fields") {
  CHECK(MustParse("").IsEverything());
  CHECK(FieldSelector().Matches(Fields({})));
  FieldSelector unset = MustParse("spec.nodeName=");
  CHECK(unset.Matches(Fields({})));  // an unset field is ""
  CHECK(unset.Matches(Fields({{"spec.nodeName", ""}})));
  CHECK(!unset.Matches(Fields({{"spec.nodeName", "n1"}})));
  CHECK(MustParse("spec.nodeName!=").Matches(Fields({{"spec.nodeName", "n1"}})));
  CHECK(!MustParse("spec.nodeName!=").Matches(Fields({})));
}

TEST_CASE("escapes") {
  FieldSelector s = MustParse(R"(metadata.name=a\,b\=c\\d,x=y)");
  REQUIRE(s.requirements().size() == 2);
  CHECK(s.requirements()[0].value == R"(a,b=c\d)");
  CHECK(s.Matches(Fields({{"metadata.name", R"(a,b=c\d)"}, {"x", "y"}})));
  CHECK(s.ToString() == R"(metadata.name=a\,b\=c\\d,x=y)");
  CHECK(MustParse(s.ToString()).ToString() == s.ToString());
  CHECK(EscapeFieldValue(R"(a,b=c\)") == R"(a\,b\=c\\)");
  CHECK(*UnescapeFieldValue(R"(a\,b\=c\\)") == R"(a,b=c\)");
  CHECK(*UnescapeFieldValue("plain") == "plain");
}

TEST_CASE("errors are worded like Kubernetes") {
  CHECK(ParseError("abc") == "invalid selector: 'abc'; can't understand 'abc'");
  CHECK(ParseError("a=b,cd") == "invalid selector: 'a=b,cd'; can't understand 'cd'");
  CHECK(ParseError("a=b=c") == "invalid field selector: unescaped character in value: =");
  CHECK(ParseError(R"(a=b\x)") == R"(invalid field selector: invalid escape sequence: \x)");
  CHECK(ParseError(R"(a=b\)") == R"(invalid field selector: invalid escape sequence: \)");
  CHECK(!UnescapeFieldValue("a,b").ok());
}

TEST_CASE("the first operator wins and the field is taken as written") {
  FieldSelector s = MustParse("a!=b");
  CHECK(s.requirements()[0].field == "a");
  CHECK(s.requirements()[0].value == "b");
  s = MustParse("a==b");
  CHECK(s.requirements()[0].value == "b");
  s = MustParse("a=!b");
  CHECK(s.requirements()[0].op == FieldOperator::kEquals);
  CHECK(s.requirements()[0].value == "!b");
  s = MustParse(" a = b");  // no trimming, as in Kubernetes
  CHECK(s.requirements()[0].field == " a ");
  CHECK(s.requirements()[0].value == " b");
  // "\=" in a field name is not an escape: the first '=' splits.
  CHECK(ParseError(R"(a\=b=c)") == "invalid field selector: unescaped character in value: =");
}

TEST_CASE("RequiredValue") {
  FieldSelector s = MustParse("metadata.name=p1,spec.nodeName!=n1,metadata.namespace==ns");
  CHECK(s.RequiredValue("metadata.name") == "p1");
  CHECK(s.RequiredValue("metadata.namespace") == "ns");
  CHECK(!s.RequiredValue("spec.nodeName"));
  CHECK(!s.RequiredValue("status.phase"));
}

}  // namespace
}  // namespace k1s

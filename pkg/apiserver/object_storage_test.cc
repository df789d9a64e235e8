#include "pkg/apiserver/object_storage.h"

#include <doctest/doctest.h>

#include "pkg/api/registry.h"

namespace k1s::apiserver {
namespace {

struct Stored {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<api::Registry> registry = api::Registry::WithBuiltins();
  std::shared_ptr<const api::Resource> pods = registry->Find("", "v1", "pods");

  Stored() {
    auto opened = store::OpenSqliteStore({.path = ":memory:"});
    REQUIRE(opened.ok());
    store = std::move(*opened);
    REQUIRE(pods != nullptr);
  }
};

Json Pod(const std::string& name) { return {{"metadata", {{"name", name}, {"namespace", "ns"}}}, {"spec", Json::object()}}; }

TEST_CASE("a list asks its filter only about objects the prefilter left undecided") {
  Stored s;
  ObjectStorage objects(*s.store);
  for (const char* name : {"accepted", "rejected", "undecided"}) REQUIRE(objects.Create(*s.pods, Pod(name)).ok());
  std::vector<std::string> asked;
  ListQuery query;
  query.namespace_name = "ns";
  query.filter = [&](const Json& object) {
    asked.push_back(object["metadata"]["name"]);
    return true;
  };
  query.prefilter = [](std::string_view stored) {
    if (stored.find("\"accepted\"") != std::string_view::npos) return Prefiltered::kAccepted;
    if (stored.find("\"rejected\"") != std::string_view::npos) return Prefiltered::kRejected;
    return Prefiltered::kUndecided;
  };

  std::vector<std::string> texts;
  auto encoded = objects.ListEncoded(*s.pods, query, [&](std::string_view text) { texts.emplace_back(text); });
  REQUIRE(encoded.ok());
  CHECK(asked == std::vector<std::string>{"undecided"});
  REQUIRE(texts.size() == 2);
  // An accepted object is the stored text with its version spliced in:
  // what the decoded object dumps to.
  auto listed = objects.List(*s.pods, query);
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 2);
  CHECK(Json::parse(texts[0]) == listed->items[0]);
  CHECK(listed->items[0]["metadata"]["name"] == "accepted");
  CHECK(!listed->items[0]["metadata"]["resourceVersion"].get<std::string>().empty());
  CHECK(asked == std::vector<std::string>{"undecided", "undecided"});
}

}  // namespace
}  // namespace k1s::apiserver

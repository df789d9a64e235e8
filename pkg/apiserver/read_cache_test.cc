#include "pkg/apiserver/read_cache.h"

#include <doctest/doctest.h>

#include "pkg/store/store.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

struct CountingLoads {
  int loads = 0;
  std::vector<Json> answer = {Json{{"v", 1}}};
  ReadCache::Loader Loader() {
    return [this]() -> Result<std::vector<Json>> {
      ++loads;
      return answer;
    };
  }
};

std::unique_ptr<store::Store> MemoryStore() {
  auto opened = store::OpenSqliteStore({.path = ":memory:"});
  REQUIRE(opened.ok());
  return std::move(*opened);
}

TEST_CASE("a cached read loads again only after a write in its collection") {
  auto store = MemoryStore();
  ReadCache cache;
  CountingLoads counted;
  const std::string key = "/registry/core/serviceaccounts/ns/default";

  auto first = cache.Read(*store, key, counted.Loader());
  REQUIRE(first.ok());
  CHECK((**first)[0]["v"] == 1);
  REQUIRE(cache.Read(*store, key, counted.Loader()).ok());
  CHECK(counted.loads == 1);

  REQUIRE(store->Create("/registry/core/pods/ns/web", "{}").ok());  // another collection
  REQUIRE(cache.Read(*store, key, counted.Loader()).ok());
  CHECK(counted.loads == 1);

  counted.answer = {Json{{"v", 2}}};
  REQUIRE(store->Create("/registry/core/serviceaccounts/other/builder", "{}").ok());
  auto after = cache.Read(*store, key, counted.Loader());
  REQUIRE(after.ok());
  CHECK(counted.loads == 2);
  CHECK((**after)[0]["v"] == 2);
}

TEST_CASE("errors and long lists are not kept") {
  auto store = MemoryStore();
  ReadCache cache;
  int loads = 0;
  auto failing = [&]() -> Result<std::vector<Json>> {
    ++loads;
    return Status::NotFound("no such thing");
  };
  CHECK(cache.Read(*store, "/registry/core/namespaces/gone", failing).status().IsNotFound());
  CHECK(cache.Read(*store, "/registry/core/namespaces/gone", failing).status().IsNotFound());
  CHECK(loads == 2);

  CountingLoads counted;
  counted.answer.assign(ReadCache::kMaxObjects + 1, Json::object());
  REQUIRE(cache.Read(*store, "/registry/core/limitranges/", counted.Loader()).ok());
  REQUIRE(cache.Read(*store, "/registry/core/limitranges/", counted.Loader()).ok());
  CHECK(counted.loads == 2);
}

}  // namespace
}  // namespace k1s::apiserver

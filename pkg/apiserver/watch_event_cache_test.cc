#include "pkg/apiserver/watch_event_cache.h"

#include <doctest/doctest.h>

namespace k1s::apiserver {
namespace {

store::Event Written(int64_t revision, const std::string& name, const std::string& label) {
  store::Event e;
  e.type = store::EventType::kCreate;
  e.kv = {"/registry/configmaps/default/" + name,
          R"({"kind":"ConfigMap","metadata":{"name":")" + name + R"(","labels":{"l":")" + label + R"("}}})",
          revision, revision};
  return e;
}

TEST_CASE("an event is decoded and encoded once, then shared") {
  WatchEventCache cache;
  store::Event e = Written(7, "a", "x");
  auto first = cache.Get(e);
  auto second = cache.Get(e);
  CHECK(first == second);
  CHECK(cache.hits() == 1);
  REQUIRE(first->object.has_value());
  CHECK((*first->object)["metadata"]["resourceVersion"] == "7");
  CHECK(nlohmann::json::parse(first->encoded) == *first->object);
}

TEST_CASE("a delete carries the state before it, at the delete's revision") {
  WatchEventCache cache;
  store::Event e;
  e.type = store::EventType::kDelete;
  e.kv = {"/registry/configmaps/default/a", "", 7, 9};
  e.prev = Written(7, "a", "x").kv;
  auto entry = cache.Get(e);
  CHECK_FALSE(entry->object.has_value());
  REQUIRE(entry->prev.has_value());
  CHECK((*entry->prev)["metadata"]["resourceVersion"] == "7");
  auto shown = nlohmann::json::parse(entry->encoded);
  CHECK(shown["metadata"]["resourceVersion"] == "9");
  CHECK(shown["metadata"]["labels"]["l"] == "x");
}

TEST_CASE("only the newest events are kept, and a revision reused for another key is rebuilt") {
  WatchEventCache cache(2);
  for (int64_t r = 1; r <= 3; ++r) cache.Get(Written(r, "o" + std::to_string(r), "x"));
  cache.Get(Written(1, "o1", "x"));  // evicted: built again
  CHECK(cache.hits() == 0);
  cache.Get(Written(3, "o3", "x"));
  CHECK(cache.hits() == 1);
  auto other = cache.Get(Written(3, "another", "y"));
  CHECK((*other->object)["metadata"]["name"] == "another");
}

}  // namespace
}  // namespace k1s::apiserver

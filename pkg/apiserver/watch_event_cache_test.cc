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

TEST_CASE("an event is encoded once, then shared; decoded only when asked") {
  WatchEventCache cache;
  store::Event e = Written(7, "a", "x");
  auto first = cache.Get(e);
  auto second = cache.Get(e);
  CHECK(first == second);
  CHECK(cache.hits() == 1);
  REQUIRE(first->object.present());
  CHECK(first->object.text() == e.kv.value);
  CHECK_FALSE(first->prev.present());
  const nlohmann::json* decoded = first->object.Get();
  REQUIRE(decoded != nullptr);
  CHECK((*decoded)["metadata"]["resourceVersion"] == "7");
  CHECK(first->object.Get() == decoded);  // decoded once
  CHECK(nlohmann::json::parse(first->encoded) == *decoded);
}

TEST_CASE("the encoded event is the stored text with its resourceVersion, as dump() writes it") {
  WatchEventCache cache;
  store::Event e;
  e.type = store::EventType::kUpdate;
  nlohmann::json pod = {{"apiVersion", "v1"},
                        {"kind", "Pod"},
                        {"metadata", {{"name", "p"}, {"namespace", "d"}, {"uid", "u-1"}}},
                        {"status", {{"phase", "Running"}}}};
  e.kv = {"/registry/pods/d/p", pod.dump(), 3, 11};
  auto entry = cache.Get(e);
  pod["metadata"]["resourceVersion"] = "11";
  CHECK(entry->encoded == pod.dump());
}

TEST_CASE("text that is not an object is no state, and a state without metadata gains it") {
  WatchEventCache cache;
  store::Event broken = Written(4, "b", "x");
  broken.kv.value = "not json";
  auto entry = cache.Get(broken);
  CHECK_FALSE(entry->object.present());
  CHECK(entry->encoded.empty());

  store::Event bare = Written(5, "c", "x");
  bare.kv.value = R"({"kind":"ConfigMap"})";
  auto shown = nlohmann::json::parse(cache.Get(bare)->encoded);
  CHECK(shown["metadata"]["resourceVersion"] == "5");
}

TEST_CASE("a delete carries the state before it, at the delete's revision") {
  WatchEventCache cache;
  store::Event e;
  e.type = store::EventType::kDelete;
  e.kv = {"/registry/configmaps/default/a", "", 7, 9};
  e.prev = Written(7, "a", "x").kv;
  auto entry = cache.Get(e);
  CHECK_FALSE(entry->object.present());
  REQUIRE(entry->prev.Get() != nullptr);
  CHECK((*entry->prev.Get())["metadata"]["resourceVersion"] == "7");
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
  CHECK((*other->object.Get())["metadata"]["name"] == "another");
}

}  // namespace
}  // namespace k1s::apiserver

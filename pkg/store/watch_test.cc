#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "pkg/store/store.h"
#include "pkg/util/temp_dir.h"

namespace k1s::store {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<Store> OpenMemory(size_t queue_limit = 100000) {
  SqliteOptions options;
  options.path = ":memory:";
  options.watcher_queue_limit = queue_limit;
  auto store = OpenSqliteStore(options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// Reads events until `n` have arrived or `deadline` passes.
std::vector<Event> Collect(Watcher& w, size_t n, std::chrono::milliseconds deadline = 5s) {
  std::vector<Event> out;
  auto end = std::chrono::steady_clock::now() + deadline;
  while (out.size() < n && std::chrono::steady_clock::now() < end) {
    auto batch = w.Next(50ms);
    if (!batch.ok()) break;
    out.insert(out.end(), batch->begin(), batch->end());
  }
  return out;
}

TEST_CASE("a watch from a past revision replays history then follows live, in order") {
  auto store = OpenMemory();
  REQUIRE(store->Create("/w/a", "a1").ok());   // 1
  REQUIRE(store->Create("/x/other", "x").ok());  // 2: outside the prefix
  REQUIRE(store->Update("/w/a", "a2", 0).ok());  // 3
  REQUIRE(store->Create("/w/b", "b1").ok());   // 4
  REQUIRE(store->Delete("/w/a", 0).ok());      // 5

  auto watcher = store->Watch("/w/", 1);  // events after revision 1
  REQUIRE(watcher.ok());
  REQUIRE(store->Update("/w/b", "b2", 0).ok());  // 6, live
  auto events = Collect(**watcher, 4);
  REQUIRE(events.size() == 4);

  CHECK(events[0].type == EventType::kUpdate);
  CHECK(events[0].kv.mod_revision == 3);
  CHECK(events[0].kv.value == "a2");
  REQUIRE(events[0].prev.has_value());
  CHECK(events[0].prev->value == "a1");
  CHECK(events[0].prev->mod_revision == 1);

  CHECK(events[1].type == EventType::kCreate);
  CHECK(events[1].kv.key == "/w/b");
  CHECK_FALSE(events[1].prev.has_value());

  CHECK(events[2].type == EventType::kDelete);
  CHECK(events[2].kv.mod_revision == 5);
  CHECK(events[2].kv.create_revision == 1);
  REQUIRE(events[2].prev.has_value());
  CHECK(events[2].prev->value == "a2");

  CHECK(events[3].type == EventType::kUpdate);
  CHECK(events[3].kv.mod_revision == 6);
  CHECK(events[3].prev->value == "b1");
}

TEST_CASE("a resumed watch replays recent events from memory, older ones from SQLite") {
  TempDir dir("watch-replay");
  SqliteOptions options;
  options.path = dir.path() + "/state.db";
  auto opened = OpenSqliteStore(options);
  REQUIRE(opened.ok());
  std::unique_ptr<Store> store = std::move(*opened);
  REQUIRE(store->Create("/w/a", "a1").ok());     // 1
  REQUIRE(store->Create("/x/other", "x").ok());  // 2
  REQUIRE(store->Update("/w/a", "a2", 0).ok());  // 3
  auto check = [](Watcher& w) {
    auto events = Collect(w, 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kv.mod_revision == 3);
    CHECK(events[0].kv.value == "a2");
    REQUIRE(events[0].prev.has_value());
    CHECK(events[0].prev->value == "a1");
  };
  {
    auto watcher = store->Watch("/w/", 1);
    REQUIRE(watcher.ok());
    check(**watcher);
    CHECK(store->GetStats()->watch_memory_replays == 1);
  }
  // After a restart memory holds nothing yet: the same replay reads history.
  store.reset();
  opened = OpenSqliteStore(options);
  REQUIRE(opened.ok());
  store = std::move(*opened);
  auto watcher = store->Watch("/w/", 1);
  REQUIRE(watcher.ok());
  check(**watcher);
  CHECK(store->GetStats()->watch_memory_replays == 0);
  // Memory keeps the newest 4,096 events: a watch from before them reads history.
  for (int i = 0; i < 4100; ++i) REQUIRE(store->Update("/x/other", "x" + std::to_string(i), 0).ok());
  REQUIRE(store->Update("/w/a", "a3", 0).ok());
  auto old = store->Watch("/w/", 3);
  REQUIRE(old.ok());
  auto events = Collect(**old, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kv.value == "a3");
  CHECK(store->GetStats()->watch_memory_replays == 0);
  auto recent = store->Watch("/w/", 4000);
  REQUIRE(recent.ok());
  events = Collect(**recent, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kv.value == "a3");
  CHECK(store->GetStats()->watch_memory_replays == 1);
}

TEST_CASE("a watch from revision 0 sees only what happens after it starts") {
  auto store = OpenMemory();
  REQUIRE(store->Create("/k/old", "x").ok());
  auto watcher = store->Watch("/k/", 0);
  REQUIRE(watcher.ok());
  REQUIRE(store->Create("/k/new", "y").ok());
  auto events = Collect(**watcher, 1);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kv.key == "/k/new");
  auto none = (*watcher)->Next(50ms);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("a watch from a future revision skips events up to it") {
  auto store = OpenMemory();
  auto watcher = store->Watch("/", 2);
  REQUIRE(watcher.ok());
  for (int i = 0; i < 4; ++i) REQUIRE(store->Create("/k" + std::to_string(i), "v").ok());
  auto events = Collect(**watcher, 2);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kv.mod_revision == 3);
  CHECK(events[1].kv.mod_revision == 4);
}

TEST_CASE("a watch from a compacted revision fails with Gone") {
  auto store = OpenMemory();
  REQUIRE(store->Create("/k", "v").ok());  // 1
  for (int i = 0; i < 5; ++i) REQUIRE(store->Update("/k", "v" + std::to_string(i), 0).ok());  // 2..6
  REQUIRE(store->Compact(4).ok());
  CHECK(store->Watch("/", 2).status().IsGone());
  CHECK(store->Watch("/", 3).status().IsGone());
  auto from_compacted = store->Watch("/", 4);
  REQUIRE(from_compacted.ok());
  auto events = Collect(**from_compacted, 2);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kv.mod_revision == 5);
  CHECK(events[0].prev->mod_revision == 4);
}

TEST_CASE("a running watch is not disturbed by compaction") {
  auto store = OpenMemory();
  REQUIRE(store->Create("/k", "0").ok());
  auto watcher = store->Watch("/", 1);
  REQUIRE(watcher.ok());
  for (int i = 1; i <= 20; ++i) REQUIRE(store->Update("/k", std::to_string(i), 0).ok());
  REQUIRE(store->Compact(store->CurrentRevision()).ok());
  REQUIRE(store->Update("/k", "last", 0).ok());
  auto events = Collect(**watcher, 21);
  REQUIRE(events.size() == 21);
  for (size_t i = 0; i < events.size(); ++i) CHECK(events[i].kv.mod_revision == int64_t(i) + 2);
}

TEST_CASE("a slow watcher is cut off with Gone and writers never wait for it") {
  auto store = OpenMemory(/*queue_limit=*/10);
  auto slow = store->Watch("/", 0);
  auto healthy = store->Watch("/", 0);
  REQUIRE(slow.ok());
  REQUIRE(healthy.ok());
  // The healthy watcher keeps up (it reads each event before the next write);
  // the slow one never reads. Every write still completes at once.
  size_t healthy_seen = 0;
  for (int i = 0; i < 50; ++i) {
    REQUIRE(store->Create("/k" + std::to_string(i), "v").ok());
    healthy_seen += Collect(**healthy, 1).size();
  }
  CHECK(healthy_seen == 50);
  auto result = (*slow)->Next(10ms);
  CHECK(result.status().IsGone());
  CHECK((*slow)->Next(10ms).status().IsGone());  // stays failed
}

TEST_CASE("closing a watcher or the store ends a blocked Next") {
  auto store = OpenMemory();
  auto watcher = store->Watch("/", 0);
  REQUIRE(watcher.ok());
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    store->Close();
  });
  auto start = std::chrono::steady_clock::now();
  auto result = (*watcher)->Next(10s);
  closer.join();
  CHECK(result.status().IsUnavailable());
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("many writers and watchers: every watcher sees every event once, in order") {
  TempDir dir;
  SqliteOptions options;
  options.path = dir.File("state.db");
  auto opened = OpenSqliteStore(options);
  REQUIRE(opened.ok());
  auto& store = *opened;
  constexpr int kWriters = 8;
  constexpr int kPerWriter = 100;
  constexpr int kWatchers = 8;
  constexpr int kTotal = kWriters * kPerWriter;

  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < kWatchers; ++i) {
    auto w = store->Watch("/c/", 0);
    REQUIRE(w.ok());
    watchers.push_back(std::move(*w));
  }
  std::vector<std::vector<Event>> seen(kWatchers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWatchers; ++i) {
    threads.emplace_back([&, i] { seen[i] = Collect(*watchers[i], kTotal, 30s); });
  }
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        std::string key = "/c/" + std::to_string(w) + "/" + std::to_string(i);
        CHECK(store->Create(key, "v").ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kWatchers; ++i) {
    CAPTURE(i);
    REQUIRE(seen[i].size() == kTotal);
    for (int j = 0; j < kTotal; ++j) CHECK(seen[i][j].kv.mod_revision == j + 1);
  }
}

}  // namespace
}  // namespace k1s::store

namespace k1s::store {
namespace {

TEST_CASE("Notify fires once when events arrive, or at once if they are already there") {
  auto opened = OpenSqliteStore({.path = ":memory:"});
  REQUIRE(opened.ok());
  auto& store = *opened;
  auto watcher = store->Watch("/", 0);
  REQUIRE(watcher.ok());
  std::atomic<int> woken = 0;
  (*watcher)->Notify([&] { ++woken; });
  CHECK(woken == 0);
  REQUIRE(store->Create("/a", "1").ok());
  CHECK(woken == 1);
  REQUIRE(store->Create("/b", "2").ok());
  CHECK(woken == 1);  // one-shot
  (*watcher)->Notify([&] { ++woken; });  // events are waiting: fires at once
  CHECK(woken == 2);
  auto events = (*watcher)->Next(std::chrono::milliseconds(0));
  REQUIRE(events.ok());
  CHECK(events->size() == 2);
  (*watcher)->Notify([&] { ++woken; });
  (*watcher)->Close();
  CHECK(woken == 3);  // failure wakes too
}

}  // namespace
}  // namespace k1s::store

#include <doctest/doctest.h>

#include <thread>

#include "pkg/store/store.h"
#include "pkg/util/temp_dir.h"

namespace k1s::store {
namespace {

using namespace std::chrono_literals;

TEST_CASE("compaction drops history below the revision and keeps the state at it") {
  auto opened = OpenSqliteStore({.path = ":memory:"});
  REQUIRE(opened.ok());
  auto& store = *opened;
  REQUIRE(store->Create("/a", "a1").ok());       // 1
  REQUIRE(store->Create("/b", "b1").ok());       // 2
  REQUIRE(store->Update("/a", "a2", 0).ok());    // 3
  REQUIRE(store->Delete("/b", 0).ok());          // 4
  REQUIRE(store->Create("/c", "c1").ok());       // 5
  REQUIRE(store->Update("/c", "c2", 0).ok());    // 6

  REQUIRE(store->Compact(5).ok());
  CHECK(store->CompactedRevision() == 5);
  CHECK(store->Get("/a", 4).status().IsGone());
  CHECK(store->List("/", {.revision = 2}).status().IsGone());
  CHECK(store->Get("/a", 5)->value == "a2");
  CHECK(store->Get("/c", 5)->value == "c1");
  CHECK(store->Get("/b", 5).status().IsNotFound());
  auto at5 = store->List("/", {.revision = 5});
  REQUIRE(at5.ok());
  CHECK(at5->items.size() == 2);

  // /a@1 and the /b tombstone and its prev are gone; a2, c1 (still needed at 5) and c2 stay.
  auto stats = store->GetStats();
  REQUIRE(stats.ok());
  CHECK(stats->history_rows == 3);
  CHECK(stats->keys == 2);

  CHECK(store->Compact(3).ok());  // below the compacted revision: nothing to do
  CHECK(store->Compact(100).IsInvalid());
  REQUIRE(store->Create("/b", "b2").ok());  // a key whose tombstone was compacted
  CHECK(store->Get("/b")->value == "b2");
}

TEST_CASE("a continue token whose revision was compacted fails with Gone") {
  auto opened = OpenSqliteStore({.path = ":memory:"});
  REQUIRE(opened.ok());
  auto& store = *opened;
  for (int i = 0; i < 5; ++i) REQUIRE(store->Create("/k/" + std::to_string(i), "v").ok());
  auto page = store->List("/k/", {.limit = 2});
  REQUIRE(page.ok());
  REQUIRE(store->Update("/k/0", "changed", 0).ok());
  REQUIRE(store->Compact(store->CurrentRevision()).ok());
  auto next = store->List("/k/", {.continue_token = page->continue_token});
  CHECK(next.status().IsGone());
}

TEST_CASE("compaction state survives a restart") {
  TempDir dir;
  {
    auto store = OpenSqliteStore({.path = dir.File("state.db")});
    REQUIRE(store.ok());
    for (int i = 0; i < 10; ++i) REQUIRE((*store)->Create("/k" + std::to_string(i), "v").ok());
    REQUIRE((*store)->Compact(7).ok());
  }
  auto store = OpenSqliteStore({.path = dir.File("state.db")});
  REQUIRE(store.ok());
  CHECK((*store)->CompactedRevision() == 7);
  CHECK((*store)->Get("/k0", 6).status().IsGone());
}

// The most reported kine problem: a database that grows without bound under
// constant updates. Automatic compaction plus checkpoints must bound it.
TEST_CASE("size stays bounded after 100,000 updates of one key") {
  TempDir dir;
  SqliteOptions options;
  options.path = dir.File("state.db");
  options.history_window = 1000;
  options.compact_interval = 20ms;
  auto opened = OpenSqliteStore(options);
  REQUIRE(opened.ok());
  auto& store = *opened;
  const std::string value(1024, 'v');  // unbounded, 100,000 versions would be > 100 MB
  REQUIRE(store->Create("/hot", value).ok());
  constexpr int kWriters = 8;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 100000 / kWriters; ++i) CHECK(store->Update("/hot", value, 0).ok());
    });
  }
  for (auto& t : writers) t.join();
  CHECK(store->CurrentRevision() == 100001);

  // Maintenance runs every 20 ms; give it a round after the last write (and
  // time, on a loaded machine) before judging.
  Result<Stats> stats = store->GetStats();
  for (int i = 0; i < 500; ++i) {
    stats = store->GetStats();
    REQUIRE(stats.ok());
    if (stats->history_rows <= 1001 && stats->compacted_revision >= 100001 - 1000) break;
    std::this_thread::sleep_for(20ms);
  }
  MESSAGE("history rows: ", stats->history_rows, ", database bytes: ", stats->db_bytes);
  CHECK(stats->compacted_revision >= 100001 - 1000);
  CHECK(stats->history_rows <= 1001);
  CHECK(stats->db_bytes < 16 * 1024 * 1024);
  CHECK(store->Get("/hot")->mod_revision == 100001);
}

}  // namespace
}  // namespace k1s::store

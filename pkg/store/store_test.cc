#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "pkg/store/collection_revisions.h"
#include "pkg/store/store.h"
#include "pkg/util/temp_dir.h"

namespace k1s::store {
namespace {

std::unique_ptr<Store> OpenAt(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  auto store = OpenSqliteStore(options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

TEST_CASE("create, get, update and delete move one global revision") {
  TempDir dir;
  auto store = OpenAt(dir.File("db/state.db"));
  CHECK(store->CurrentRevision() == 0);

  auto a = store->Create("/r/a", "one");
  REQUIRE(a.ok());
  CHECK(a->mod_revision == 1);
  CHECK(a->create_revision == 1);
  auto b = store->Create("/r/b", "bee");
  REQUIRE(b.ok());
  CHECK(b->mod_revision == 2);

  auto got = store->Get("/r/a");
  REQUIRE(got.ok());
  CHECK(got->value == "one");
  CHECK(got->mod_revision == 1);

  auto updated = store->Update("/r/a", "two", 1);
  REQUIRE(updated.ok());
  CHECK(updated->mod_revision == 3);
  CHECK(updated->create_revision == 1);
  CHECK(store->Get("/r/a")->value == "two");

  auto deleted = store->Delete("/r/a", 3);
  REQUIRE(deleted.ok());
  CHECK(deleted->value == "two");  // the state just before the delete
  CHECK(deleted->mod_revision == 3);
  CHECK(store->CurrentRevision() == 4);
  CHECK(store->Get("/r/a").status().IsNotFound());
}

TEST_CASE("a collection's revision is its last write's, known when the write returns") {
  CHECK(CollectionOf("/registry/core/pods/ns/web") == "/registry/core/pods/");
  CHECK(CollectionOf("/registry/core/namespaces/ns") == "/registry/core/namespaces/");
  CHECK(CollectionOf("/registry/apps/deployments/") == "/registry/apps/deployments/");
  CHECK(CollectionOf("/k1s/records/x") == "/k1s/records/");
  CHECK(CollectionOf("/top") == "/");
  CHECK(CollectionOf("plain").empty());

  auto store = OpenAt(":memory:");
  const std::string accounts = "/registry/core/serviceaccounts/";
  const std::string pods = "/registry/core/pods/";
  CHECK(store->CollectionRevision(accounts) == 0);
  auto sa = store->Create(accounts + "ns/default", "{}");
  REQUIRE(sa.ok());
  CHECK(store->CollectionRevision(accounts) == sa->mod_revision);
  auto pod = store->Create(pods + "ns/web", "{}");
  REQUIRE(pod.ok());
  CHECK(store->CollectionRevision(accounts) == sa->mod_revision);  // another collection's write
  CHECK(store->CollectionRevision(pods) == pod->mod_revision);
  auto updated = store->Update(accounts + "other/default", "{}", 0);
  CHECK(updated.status().IsNotFound());  // a failed write moves nothing
  CHECK(store->CollectionRevision(accounts) == sa->mod_revision);
  REQUIRE(store->Delete(accounts + "ns/default", 0).ok());
  CHECK(store->CollectionRevision(accounts) == store->CurrentRevision());
  CHECK(store->CollectionRevision("/registry/core/") == 0);  // not a collection anything was written in
}

TEST_CASE("compare-and-swap failures leave the store unchanged") {
  auto store = OpenAt(":memory:");
  REQUIRE(store->Create("/k", "v1").ok());
  CHECK(store->Create("/k", "again").status().IsAlreadyExists());
  CHECK(store->Update("/k", "v2", 99).status().IsConflict());
  CHECK(store->Delete("/k", 99).status().IsConflict());
  CHECK(store->Update("/missing", "v", 0).status().IsNotFound());
  CHECK(store->Delete("/missing", 0).status().IsNotFound());
  CHECK(store->CurrentRevision() == 1);
  CHECK(store->Get("/k")->value == "v1");
  // 0 means "whatever the revision is".
  CHECK(store->Update("/k", "v2", 0).ok());
  CHECK(store->CurrentRevision() == 2);
}

TEST_CASE("exactly one of many racing compare-and-swaps on a key wins") {
  auto store = OpenAt(":memory:");
  auto created = store->Create("/counter", "0");
  REQUIRE(created.ok());
  std::atomic<int> wins = 0;
  std::atomic<int> conflicts = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto r = store->Update("/counter", std::to_string(i), created->mod_revision);
      (r.ok() ? wins : conflicts)++;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wins == 1);
  CHECK(conflicts == 15);
}

TEST_CASE("a deleted key can be created again as a new object") {
  auto store = OpenAt(":memory:");
  REQUIRE(store->Create("/k", "first").ok());
  REQUIRE(store->Delete("/k", 0).ok());
  auto again = store->Create("/k", "second");
  REQUIRE(again.ok());
  CHECK(again->create_revision == 3);
  CHECK(store->Get("/k")->value == "second");
  CHECK(store->Get("/k", 1)->value == "first");
  CHECK(store->Get("/k", 2).status().IsNotFound());
}

TEST_CASE("get and list at a past revision see the state of that moment") {
  auto store = OpenAt(":memory:");
  REQUIRE(store->Create("/p/a", "a1").ok());  // 1
  REQUIRE(store->Create("/p/b", "b1").ok());  // 2
  REQUIRE(store->Update("/p/a", "a2", 0).ok());  // 3
  REQUIRE(store->Delete("/p/b", 0).ok());  // 4
  REQUIRE(store->Create("/p/c", "c1").ok());  // 5

  CHECK(store->Get("/p/a", 2)->value == "a1");
  CHECK(store->Get("/p/a", 3)->value == "a2");
  CHECK(store->Get("/p/b", 3)->value == "b1");
  CHECK(store->Get("/p/c", 4).status().IsNotFound());
  CHECK(store->Get("/p/a", 6).status().IsInvalid());

  auto at3 = store->List("/p/", {.revision = 3});
  REQUIRE(at3.ok());
  CHECK(at3->revision == 3);
  REQUIRE(at3->items.size() == 2);
  CHECK(at3->items[0].value == "a2");
  CHECK(at3->items[1].value == "b1");

  auto now = store->List("/p/");
  REQUIRE(now.ok());
  CHECK(now->revision == 5);
  REQUIRE(now->items.size() == 2);
  CHECK(now->items[0].key == "/p/a");
  CHECK(now->items[1].key == "/p/c");
}

TEST_CASE("list pages with a continue token form one snapshot") {
  auto store = OpenAt(":memory:");
  for (int i = 0; i < 25; ++i) {
    char key[32];
    std::snprintf(key, sizeof(key), "/items/%03d", i);
    REQUIRE(store->Create(key, std::to_string(i)).ok());
  }
  REQUIRE(store->Create("/itemsX", "outside the prefix").ok());
  REQUIRE(store->Create("/other/1", "outside").ok());

  std::vector<std::string> seen;
  ListOptions options{.limit = 10};
  auto first = store->List("/items/", options);
  REQUIRE(first.ok());
  CHECK(first->items.size() == 10);
  CHECK(first->remaining == 15);
  const int64_t snapshot = first->revision;
  for (auto& kv : first->items) seen.push_back(kv.key);

  // Writes between pages do not show up in later pages.
  REQUIRE(store->Create("/items/999", "late").ok());
  REQUIRE(store->Delete("/items/020", 0).ok());

  std::string token = first->continue_token;
  int64_t expected_remaining = 15;
  while (!token.empty()) {
    auto page = store->List("/items/", {.limit = 10, .continue_token = token});
    REQUIRE(page.ok());
    CHECK(page->revision == snapshot);
    expected_remaining -= static_cast<int64_t>(page->items.size());
    if (!page->continue_token.empty()) CHECK(page->remaining == expected_remaining);
    for (auto& kv : page->items) seen.push_back(kv.key);
    token = page->continue_token;
  }
  REQUIRE(seen.size() == 25);
  CHECK(seen.front() == "/items/000");
  CHECK(seen.back() == "/items/024");
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 25);

  CHECK(store->List("/other/", {.continue_token = first->continue_token}).status().IsInvalid());
  CHECK(store->List("/items/", {.continue_token = "bogus"}).status().IsInvalid());
  CHECK(*store->Count("/items/") == 25);
  CHECK(*store->Count("/") == 27);
}

TEST_CASE("an empty prefix lists every key") {
  auto store = OpenAt(":memory:");
  REQUIRE(store->Create("/a", "1").ok());
  REQUIRE(store->Create("\xff\xfe", "2").ok());
  auto all = store->List("");
  REQUIRE(all.ok());
  CHECK(all->items.size() == 2);
}

TEST_CASE("empty and binary values survive a round trip") {
  auto store = OpenAt(":memory:");
  std::string binary("\0\x01\xff{}", 5);
  REQUIRE(store->Create("/empty", "").ok());
  REQUIRE(store->Create("/binary", binary).ok());
  CHECK(store->Get("/empty")->value.empty());
  CHECK(store->Get("/binary")->value == binary);
}

TEST_CASE("revisions and data survive closing and reopening") {
  TempDir dir;
  const std::string path = dir.File("state.db");
  {
    auto store = OpenAt(path);
    REQUIRE(store->Create("/k", "v").ok());
    REQUIRE(store->Update("/k", "v2", 0).ok());
  }
  auto store = OpenAt(path);
  CHECK(store->CurrentRevision() == 2);
  CHECK(store->Get("/k")->value == "v2");
  auto next = store->Create("/k2", "x");
  REQUIRE(next.ok());
  CHECK(next->mod_revision == 3);
}

TEST_CASE("the database and its WAL are readable by their owner only") {
  TempDir dir;
  auto store = OpenAt(dir.File("state.db"));
  REQUIRE(store->Create("/k", "secret").ok());
  for (const char* suffix : {"", "-wal"}) {
    struct stat st {};
    REQUIRE(::stat(dir.File(std::string("state.db") + suffix).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

TEST_CASE("a database is opened by one process at a time") {
  TempDir dir;
  auto first = OpenAt(dir.File("state.db"));
  SqliteOptions options;
  options.path = dir.File("state.db");
  auto second = OpenSqliteStore(options);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().message().find("in use") != std::string::npos);
}

TEST_CASE("a file that is not a database is refused with IOError") {
  TempDir dir;
  std::ofstream(dir.File("junk.db")) << std::string(8192, 'x');
  SqliteOptions options;
  options.path = dir.File("junk.db");
  auto store = OpenSqliteStore(options);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == StatusCode::kIOError);
}

TEST_CASE("calls after Close fail with Unavailable") {
  auto store = OpenAt(":memory:");
  REQUIRE(store->Create("/k", "v").ok());
  store->Close();
  store->Close();
  CHECK(store->Get("/k").status().IsUnavailable());
  CHECK(store->Create("/k2", "v").status().IsUnavailable());
  CHECK(store->List("/").status().IsUnavailable());
  CHECK(store->Watch("/", 0).status().IsUnavailable());
}

TEST_CASE("many concurrent writers get unique, gap-free revisions") {
  TempDir dir;
  auto store = OpenAt(dir.File("state.db"));
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  std::vector<std::vector<int64_t>> revs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->Create("/w/" + std::to_string(t) + "/" + std::to_string(i), "x");
        CHECK(r.ok());  // REQUIRE would throw on a thread doctest does not own
        if (r.ok()) revs[t].push_back(r->mod_revision);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (auto& v : revs) {
    CHECK(std::is_sorted(v.begin(), v.end()));  // each writer sees its own order
    all.insert(v.begin(), v.end());
  }
  CHECK(all.size() == kThreads * kPerThread);
  CHECK(*all.begin() == 1);
  CHECK(*all.rbegin() == kThreads * kPerThread);
  CHECK(store->CurrentRevision() == kThreads * kPerThread);
}

}  // namespace
}  // namespace k1s::store

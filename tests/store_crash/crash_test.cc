// Kills a writing process at random moments and checks that the store kept
// every write it acknowledged. The seed is printed; K1S_CRASH_SEED=<n> replays
// the same kill schedule (the writer's thread timing still varies).
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "tests/store_crash/child_process.h"
#include "tests/store_crash/promises.h"

namespace k1s::store_crash {
namespace {

constexpr int kRounds = 20;
constexpr int kWriterThreads = 8;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/k1s_store_crash.XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

uint64_t SeedFromEnv() {
  if (const char* s = std::getenv("K1S_CRASH_SEED")) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

TEST_CASE("store keeps every acknowledged write across SIGKILL of the writer") {
  const uint64_t seed = SeedFromEnv();
  std::fprintf(stderr, "store_crash_test: seed %llu (replay with K1S_CRASH_SEED=%llu)\n",
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  TempDir dir;
  const std::string db = dir.path() + "/state.db";

  Promises promises;
  int64_t reopened_at = 0;
  for (int round = 0; round < kRounds; ++round) {
    // Mostly kill mid-stream; one round in five kills while the store is
    // still opening or recovering.
    const int delay_ms = std::uniform_int_distribution<int>(0, 4)(rng) == 0
                             ? std::uniform_int_distribution<int>(0, 40)(rng)
                             : std::uniform_int_distribution<int>(100, 1500)(rng);
    const uint64_t writer_seed = seed * 100 + static_cast<uint64_t>(round);
    INFO("seed ", seed, " round ", round, " kill after ", delay_ms, " ms");

    Result<std::unique_ptr<ChildProcess>> child = ChildProcess::Spawn(
        {K1S_STORE_CRASH_WRITER, db, std::to_string(kWriterThreads), std::to_string(writer_seed)});
    REQUIRE_MESSAGE(child.ok(), child.status().ToString());
    std::vector<std::string> lines;
    const bool still_running = (*child)->ReadLinesUntil(
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms), lines);
    const int wait_status = (*child)->KillAndDrain(lines);
    REQUIRE_MESSAGE(still_running, "writer exited on its own, wait status ", wait_status);
    REQUIRE_MESSAGE((WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL),
                    "writer ended with wait status ", wait_status);

    std::vector<std::string> problems;
    Record(lines, reopened_at, promises, problems);
    const Reopened reopened = Verify(db, promises, problems);
    reopened_at = reopened.current_revision;
    std::fprintf(stderr,
                 "store_crash_test: round %d killed after %d ms: %zu acks (%zu in all); reopened "
                 "at revision %lld, "
                 "compacted %lld, %lld replayed\n",
                 round, delay_ms, lines.size(), promises.all.size(),
                 static_cast<long long>(reopened_at),
                 static_cast<long long>(reopened.compacted_revision),
                 static_cast<long long>(reopened.replayed));
    for (size_t i = 0; i < problems.size() && i < 20; ++i) {
      std::fprintf(stderr, "store_crash_test: round %d: %s\n", round, problems[i].c_str());
    }
    const std::string first = problems.empty() ? "" : problems.front();
    REQUIRE_MESSAGE(problems.empty(), problems.size(), " broken promises, first: ", first);
  }
  CHECK(promises.all.size() > 0);
}

}  // namespace
}  // namespace k1s::store_crash

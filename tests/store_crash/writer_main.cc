// store_crash_writer DBPATH THREADS SEED
//
// The child of the crash test: writes to the store from THREADS threads until
// it is killed, and after each acknowledged write prints `key revision hash`
// on stdout. The parent takes every printed line as a promise the store made.
//
// Each thread updates its own keys (the compare-and-swap always wins) and a
// few keys shared by all threads (it sometimes loses, which is expected), and
// now and then creates a new key. Values have random sizes so that pages
// split and the WAL grows unevenly.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pkg/store/store.h"
#include "tests/store_crash/value_hash.h"

namespace k1s::store_crash {
namespace {

constexpr int kOwnKeys = 16;
constexpr int kSharedKeys = 4;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "store_crash_writer: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

// One write(2) per line: a pipe never interleaves writes of up to PIPE_BUF
// bytes, and nothing sits in a user-space buffer when SIGKILL arrives.
void Ack(const store::KeyValue& kv) {
  std::string line =
      kv.key + " " + std::to_string(kv.mod_revision) + " " + ValueHash(kv.value) + "\n";
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) std::_Exit(3);  // the parent went away
    done += static_cast<size_t>(n);
  }
}

std::string RandomValue(std::mt19937_64& rng, int thread, uint64_t counter) {
  std::string value = "t" + std::to_string(thread) + "-" + std::to_string(counter) + "-";
  size_t size = std::uniform_int_distribution<size_t>(16, 4096)(rng);
  std::uniform_int_distribution<int> letter('a', 'z');
  while (value.size() < size) value.push_back(static_cast<char>(letter(rng)));
  return value;
}

// Writes `key` as a compare-and-swap on the state just read; creates it if it
// does not exist. Losing a race is not an error: the next round tries again.
void WriteOnce(store::Store& store, const std::string& key, std::string value) {
  Result<store::KeyValue> current = store.Get(key);
  Result<store::KeyValue> written = store::KeyValue{};
  if (current.ok()) {
    written = store.Update(key, std::move(value), current->mod_revision);
  } else if (current.status().IsNotFound()) {
    written = store.Create(key, std::move(value));
  } else {
    Die("get " + key, current.status());
  }
  if (written.ok()) {
    Ack(*written);
    return;
  }
  const Status& s = written.status();
  if (s.IsConflict() || s.IsNotFound() || s.IsAlreadyExists()) return;
  Die("write " + key, s);
}

void WriterLoop(store::Store& store, int thread, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick(0, 99);
  std::string own = std::string(kKeyPrefix) + "t" + std::to_string(thread) + "/";
  std::string shared = std::string(kKeyPrefix) + "shared/";
  for (uint64_t counter = 0;; ++counter) {
    std::string value = RandomValue(rng, thread, counter);
    int p = pick(rng);
    if (p < 10) {
      // A fresh name each time, so creates keep happening in every round.
      char name[24];
      std::snprintf(name, sizeof name, "n%016llx", static_cast<unsigned long long>(rng()));
      Result<store::KeyValue> created = store.Create(own + name, std::move(value));
      if (!created.ok()) Die("create " + own + name, created.status());
      Ack(*created);
    } else if (p < 30) {
      WriteOnce(store, shared + "k" + std::to_string(p % kSharedKeys), std::move(value));
    } else {
      WriteOnce(store, own + "k" + std::to_string(p % kOwnKeys), std::move(value));
    }
  }
}

}  // namespace
}  // namespace k1s::store_crash

int main(int argc, char** argv) {
  using namespace k1s;
  if (argc != 4) {
    std::fprintf(stderr, "usage: store_crash_writer DBPATH THREADS SEED\n");
    return 1;
  }
  int threads = std::atoi(argv[2]);
  uint64_t seed = std::strtoull(argv[3], nullptr, 10);

  store::SqliteOptions options;
  options.path = argv[1];
  // Small window and short interval: kills also land in compactions and
  // checkpoints, not only in ordinary commits.
  options.history_window = 2000;
  options.compact_interval = std::chrono::milliseconds(100);
  Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(options);
  if (!opened.ok()) store_crash::Die("open " + options.path, opened.status());
  store::Store& store = **opened;

  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&store, t, seed] {
      store_crash::WriterLoop(store, t, seed * 1000 + static_cast<uint64_t>(t));
    });
  }
  for (std::thread& w : workers) w.join();  // never: the parent kills us
  return 0;
}

// What the crash writer acknowledged, and the check that a reopened store
// still keeps all of it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace k1s::store_crash {

struct Ack {
  std::string key;
  int64_t revision = 0;
  std::string hash;  // ValueHash of the written value
};

// Everything the writers were promised so far, across all rounds.
struct Promises {
  std::vector<Ack> all;
  std::map<std::string, Ack> latest;      // per key, the highest acked revision
  std::map<int64_t, size_t> by_revision;  // revision -> index in `all`
  int64_t max_revision = 0;
};

// Adds one round's ack lines (`key revision hash`). Each must carry a
// revision never acked before and above `floor`, the current revision of the
// store as last reopened. Appends what is wrong to `problems`.
void Record(const std::vector<std::string>& lines, int64_t floor, Promises& promises,
            std::vector<std::string>& problems);

struct Reopened {
  int64_t current_revision = 0;
  int64_t compacted_revision = 0;
  int64_t replayed = 0;  // history events checked by the watch replay
};

// Reopens the database at `db` and checks every promise against it: latest
// values, retained history, the history's watch replay, list and count.
// Appends what is wrong to `problems`.
Reopened Verify(const std::string& db, const Promises& promises,
                std::vector<std::string>& problems);

}  // namespace k1s::store_crash

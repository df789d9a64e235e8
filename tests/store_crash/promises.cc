#include "tests/store_crash/promises.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "pkg/store/store.h"
#include "tests/store_crash/value_hash.h"

namespace k1s::store_crash {
namespace {

std::string Str(int64_t n) { return std::to_string(n); }

void CheckLatest(store::Store& s, const Promises& p, std::vector<std::string>& problems) {
  for (const auto& [key, ack] : p.latest) {
    Result<store::KeyValue> kv = s.Get(key);
    if (!kv.ok()) {
      problems.push_back("acked key lost: " + key + " rev " + Str(ack.revision) + ": " +
                         kv.status().ToString());
    } else if (kv->mod_revision < ack.revision) {
      problems.push_back("acked write lost: " + key + " acked rev " + Str(ack.revision) +
                         ", stored mod_revision " + Str(kv->mod_revision));
    } else if (kv->mod_revision == ack.revision && ValueHash(kv->value) != ack.hash) {
      problems.push_back("value differs: " + key + " rev " + Str(ack.revision));
    }
  }
}

// Retained history must hold each acked version exactly as acked.
void CheckHistory(store::Store& s, const Promises& p, int64_t compacted,
                  std::vector<std::string>& problems) {
  for (const Ack& ack : p.all) {
    if (ack.revision < compacted) continue;
    Result<store::KeyValue> kv = s.Get(ack.key, ack.revision);
    if (!kv.ok()) {
      problems.push_back("acked version unreadable: " + ack.key + " rev " + Str(ack.revision) +
                         " (compacted " + Str(compacted) + "): " + kv.status().ToString());
    } else if (kv->mod_revision != ack.revision || ValueHash(kv->value) != ack.hash) {
      problems.push_back("acked version differs: " + ack.key + " rev " + Str(ack.revision) +
                         " read mod_revision " + Str(kv->mod_revision));
    }
  }
}

// Every write of this database is under kKeyPrefix and revisions grow by
// exactly one, so a watch from the compacted revision must replay every
// revision up to the current one, acked ones with the acked key and value.
int64_t CheckReplay(store::Store& s, const Promises& p, int64_t compacted, int64_t current,
                    std::vector<std::string>& problems) {
  // Watch(…, 0) means "from now", so an uncompacted history replays from 2.
  const int64_t after = std::max<int64_t>(compacted, 1);
  if (after >= current) return 0;
  Result<std::unique_ptr<store::Watcher>> watcher = s.Watch(kKeyPrefix, after);
  if (!watcher.ok()) {
    problems.push_back("watch from " + Str(after) + " failed: " + watcher.status().ToString());
    return 0;
  }
  int64_t expected = after + 1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (expected <= current && std::chrono::steady_clock::now() < deadline) {
    Result<std::vector<store::Event>> events = (*watcher)->Next(std::chrono::milliseconds(500));
    if (!events.ok()) {
      problems.push_back("replay failed at revision " + Str(expected) + ": " +
                         events.status().ToString());
      return expected - after - 1;
    }
    for (const store::Event& e : *events) {
      if (e.kv.mod_revision != expected) {
        problems.push_back("replay gave revision " + Str(e.kv.mod_revision) + " where " +
                           Str(expected) + " was due");
        return expected - after - 1;
      }
      auto acked = p.by_revision.find(expected);
      if (acked != p.by_revision.end()) {
        const Ack& ack = p.all[acked->second];
        if (e.kv.key != ack.key || ValueHash(e.kv.value) != ack.hash) {
          problems.push_back("replayed revision " + Str(expected) + " is " + e.kv.key +
                             ", acked as " + ack.key);
        }
      }
      ++expected;
    }
  }
  if (expected <= current) {
    problems.push_back("replay stopped before revision " + Str(expected) + " of " + Str(current));
  }
  return expected - after - 1;
}

void CheckListAndCount(store::Store& s, const Promises& p, int64_t current,
                       std::vector<std::string>& problems) {
  Result<store::ListResult> list = s.List(kKeyPrefix);
  if (!list.ok()) {
    problems.push_back("list failed: " + list.status().ToString());
    return;
  }
  std::set<int64_t> seen;
  for (const store::KeyValue& kv : list->items) {
    if (!seen.insert(kv.mod_revision).second) {
      problems.push_back("two live keys share mod_revision " + Str(kv.mod_revision));
    }
    if (kv.mod_revision > current || kv.create_revision > kv.mod_revision ||
        kv.create_revision <= 0) {
      problems.push_back("bad revisions on " + kv.key + ": create " + Str(kv.create_revision) +
                         " mod " + Str(kv.mod_revision) + " current " + Str(current));
    }
  }
  if (list->items.size() < p.latest.size()) {
    problems.push_back("list has " + std::to_string(list->items.size()) + " keys, fewer than the " +
                       std::to_string(p.latest.size()) + " acked");
  }
  Result<int64_t> count = s.Count(kKeyPrefix);
  if (!count.ok() || *count != static_cast<int64_t>(list->items.size())) {
    problems.push_back("count disagrees with list");
  }
}

}  // namespace

void Record(const std::vector<std::string>& lines, int64_t floor, Promises& p,
            std::vector<std::string>& problems) {
  for (const std::string& line : lines) {
    std::istringstream in(line);
    Ack ack;
    if (!(in >> ack.key >> ack.revision >> ack.hash)) {
      problems.push_back("unparsable ack line: " + line);
      continue;
    }
    if (ack.revision <= floor) {
      problems.push_back("revision did not increase across restart: " + line +
                         " (reopened store was at " + Str(floor) + ")");
    }
    if (!p.by_revision.try_emplace(ack.revision, p.all.size()).second) {
      problems.push_back("revision acknowledged twice: " + line);
    }
    auto [it, fresh] = p.latest.try_emplace(ack.key, ack);
    if (!fresh && ack.revision > it->second.revision) it->second = ack;
    p.max_revision = std::max(p.max_revision, ack.revision);
    p.all.push_back(std::move(ack));
  }
}

Reopened Verify(const std::string& db, const Promises& p, std::vector<std::string>& problems) {
  store::SqliteOptions options;
  options.path = db;
  options.history_window = 0;  // keep history still while we read it
  Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(options);
  if (!opened.ok()) {
    problems.push_back("reopen failed: " + opened.status().ToString());
    return {};
  }
  store::Store& s = **opened;
  const int64_t current = s.CurrentRevision();
  const int64_t compacted = s.CompactedRevision();
  if (current < p.max_revision) {
    problems.push_back("current revision " + Str(current) + " < acked revision " +
                       Str(p.max_revision));
  }
  CheckLatest(s, p, problems);
  CheckHistory(s, p, compacted, problems);
  const int64_t replayed = CheckReplay(s, p, compacted, current, problems);
  CheckListAndCount(s, p, current, problems);
  return {current, compacted, replayed};
}

}  // namespace k1s::store_crash

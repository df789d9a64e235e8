// Store: a revisioned key-value store, the cluster's single source of truth.
//
// Every successful write (create, update, delete) gets the next value of one
// global revision counter, strictly increasing by one and surviving restarts.
// The API server uses that revision as every object's resourceVersion.
//
// A Store is safe to use from many threads at once. Writes are applied in
// revision order; a write that returns OK is durable (it survives kill -9 of
// the process and loss of power) and is visible to every later read.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/log.h"
#include "pkg/util/result.h"
#include "pkg/util/status.h"

namespace k1s::store {

struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;  // revision of the write that created the key
  int64_t mod_revision = 0;     // revision of the last write to the key
};

enum class EventType { kCreate, kUpdate, kDelete };

struct Event {
  EventType type = EventType::kCreate;
  // For kCreate and kUpdate: the key's new state. For kDelete: the key, an
  // empty value, the deleted key's create_revision, and mod_revision = the
  // revision of the delete.
  KeyValue kv;
  // The key's state just before this write; absent for kCreate.
  std::optional<KeyValue> prev;
};

struct ListOptions {
  // List the state as of this revision; 0 means the current revision.
  int64_t revision = 0;
  // At most this many items; 0 means no limit.
  int64_t limit = 0;
  // Resume a limited list where it stopped: the continue_token of a previous
  // ListResult for the same prefix. It pins the revision of the first page, so
  // the pages together are one consistent snapshot; `revision` is ignored.
  std::string continue_token;
};

struct ListResult {
  std::vector<KeyValue> items;  // sorted by key
  int64_t revision = 0;         // the revision the list reflects
  // Non-empty when more items remain: pass it back in ListOptions.
  std::string continue_token;
  // How many items remain after this page, when known (always on the first
  // page of a limited list; on later pages when the token carried it).
  std::optional<int64_t> remaining;
};

// A stream of events for one key prefix, in revision order, with no gaps.
class Watcher {
 public:
  virtual ~Watcher() = default;

  // Waits up to `timeout` for events and returns those available, oldest
  // first (an empty vector if none arrived in time). Once the watcher has
  // failed it returns the error for every later call:
  //  - Gone: the watcher fell too far behind the writers and was cut off so
  //    that writers never wait for it. Re-list and watch again.
  //  - Unavailable: the watcher or the store was closed.
  virtual Result<std::vector<Event>> Next(std::chrono::milliseconds timeout) = 0;

  // Asks to be told once that Next would return at once (events arrived or
  // the watcher failed). `wake` runs on a writer's thread or, if that is
  // already so, inside this call: it must be quick and must not call back
  // into the watcher. A later Notify replaces an earlier pending one.
  virtual void Notify(std::function<void()> wake) = 0;

  // Stops the stream: a blocked Next returns Unavailable. Idempotent.
  virtual void Close() = 0;
};

struct Stats {
  int64_t current_revision = 0;
  int64_t compacted_revision = 0;
  int64_t keys = 0;          // live keys
  int64_t history_rows = 0;  // retained versions, live ones included
  int64_t db_bytes = 0;      // database file plus write-ahead log on disk
  int64_t watchers = 0;
  // Watches whose replay from a past revision came from memory, not SQLite.
  int64_t watch_memory_replays = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The key's state at `revision` (0: the current one). NotFound if the key
  // did not exist then; Gone if `revision` was compacted away; Invalid if
  // `revision` is in the future.
  virtual Result<KeyValue> Get(std::string_view key, int64_t revision = 0) = 0;

  // The keys that start with `prefix` as of a revision (see ListOptions).
  // Gone if that revision, or the continue token's, was compacted away;
  // Invalid for a malformed continue token.
  virtual Result<ListResult> List(std::string_view prefix, const ListOptions& options = {}) = 0;

  // How many live keys start with `prefix` now.
  virtual Result<int64_t> Count(std::string_view prefix) = 0;

  // Creates `key`; AlreadyExists if it exists. Returns the new state.
  virtual Result<KeyValue> Create(std::string_view key, std::string value) = 0;

  // Replaces the value of `key` if its mod_revision equals
  // `expected_mod_revision` (0: whatever it is). NotFound if the key does not
  // exist; Conflict if the revision differs. Returns the new state.
  virtual Result<KeyValue> Update(std::string_view key, std::string value,
                                  int64_t expected_mod_revision) = 0;

  // Deletes `key` under the same compare-and-swap rule as Update. Returns the
  // state the key had just before the delete.
  virtual Result<KeyValue> Delete(std::string_view key, int64_t expected_mod_revision) = 0;

  // Streams every change to keys starting with `prefix` made after revision
  // `after_revision` (0: after the current revision, i.e. from now on). Changes
  // already committed are replayed from history first, then live changes
  // follow. Gone if history after `after_revision` was compacted away, i.e.
  // after_revision < CompactedRevision().
  virtual Result<std::unique_ptr<Watcher>> Watch(std::string_view prefix,
                                                 int64_t after_revision) = 0;

  // Drops history up to `revision`: afterwards the state at revisions below it
  // can no longer be read or watched from, while the state at `revision` and
  // later still can. Invalid if `revision` is in the future; compacting to a
  // revision at or below the compacted one does nothing.
  virtual Status Compact(int64_t revision) = 0;

  virtual int64_t CurrentRevision() = 0;
  virtual int64_t CompactedRevision() = 0;

  // The revision of the last committed write in `collection` (a prefix as
  // store::CollectionOf gives it: "/registry/<group>/<resource>/"), or 0 if
  // there was none since the store opened. It moves before the write is
  // acknowledged, so a reader that took it, then read the collection, holds
  // the current state for as long as it is unchanged.
  virtual int64_t CollectionRevision(std::string_view collection) = 0;
  virtual Result<Stats> GetStats() = 0;

  // Fails every watcher with Unavailable and every later call with
  // Unavailable; waits for writes in flight. Idempotent; the destructor does it.
  virtual void Close() = 0;

 protected:
  Store() = default;
};

struct SqliteOptions {
  // Database file; created with its directory if missing. ":memory:" gives a
  // private in-memory store (no durability), convenient for tests.
  std::string path;
  // Automatic compaction keeps at least this many revisions of history
  // behind the current one. 0 turns automatic compaction off.
  int64_t history_window = 10000;
  // How often automatic compaction and the WAL checkpoint run.
  std::chrono::milliseconds compact_interval = std::chrono::minutes(1);
  // A watcher with this many undelivered events is cut off with Gone.
  size_t watcher_queue_limit = 100000;
  // Most writes committed by one transaction (one fsync).
  size_t max_batch = 512;
  Logger logger;
};

// Opens (creating if needed) a SQLite-backed store. IOError if the file cannot
// be opened or is not a k1s database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace k1s::store

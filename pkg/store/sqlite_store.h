// SqliteStore: the Store on one SQLite database in WAL mode.
//
// Layout: table `kv` is the history log, one row per write, keyed by its
// revision. Each row links to the version it replaced (prev_rev) and to the one
// that replaced it (next_rev, 0 while it is the latest), so:
//  - the current state is the rows with next_rev = 0 (a partial index),
//  - the state at revision R is the rows with rev <= R < next_rev,
//  - compaction to C deletes rows replaced at or before C and tombstones at or
//    before C, which leaves every state at revisions >= C intact.
// Table `meta` holds current_rev and compact_rev, written in the same
// transactions as the rows, so a read transaction sees a consistent snapshot.
//
// One writer thread owns the write connection and commits queued writes in
// batches (group commit: many writes, one fsync), then publishes their events
// to the WatchHub before acknowledging them. Readers use a pool of their own
// connections; WAL lets them run alongside the writer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "pkg/store/collection_revisions.h"
#include "pkg/store/sqlite_db.h"
#include "pkg/store/store.h"
#include "pkg/store/watch_hub.h"
#include "pkg/util/log.h"

namespace k1s::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const SqliteOptions& options);
  ~SqliteStore() override;

  Result<KeyValue> Get(std::string_view key, int64_t revision) override;
  Result<ListResult> List(std::string_view prefix, const ListOptions& options) override;
  Result<int64_t> Count(std::string_view prefix) override;
  Result<KeyValue> Create(std::string_view key, std::string value) override;
  Result<KeyValue> Update(std::string_view key, std::string value,
                          int64_t expected_mod_revision) override;
  Result<KeyValue> Delete(std::string_view key, int64_t expected_mod_revision) override;
  Result<std::unique_ptr<Watcher>> Watch(std::string_view prefix, int64_t after_revision) override;
  Status Compact(int64_t revision) override;
  int64_t CurrentRevision() override { return current_rev_.load(); }
  int64_t CompactedRevision() override { return compact_rev_.load(); }
  int64_t CollectionRevision(std::string_view collection) override { return collections_.Of(collection); }
  Result<Stats> GetStats() override;
  void Close() override;

 private:
  enum class OpKind { kCreate, kUpdate, kDelete };
  struct WriteOp {
    OpKind kind;
    std::string key;
    std::string value;
    int64_t expected = 0;
    std::promise<Result<KeyValue>> done;
  };
  // A reader connection borrowed from the pool for one read transaction.
  class ReadTxn;

  SqliteStore(SqliteOptions options, std::string path, bool temporary, int lock_fd);
  Status Init();

  // Reads.
  Result<std::unique_ptr<Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> conn);
  Result<std::vector<SharedEvent>> ReadHistory(Connection& conn, std::string_view prefix,
                                               int64_t after, int64_t upto);

  // Writes (sqlite_store_write.cc).
  Result<KeyValue> SubmitWrite(std::unique_ptr<WriteOp> op);
  void WriterLoop();
  void CommitBatch(std::vector<std::unique_ptr<WriteOp>>& batch);
  Result<SharedEvent> Apply(const WriteOp& op, int64_t rev);
  void CompactStep();
  void MaybeAutoCompact();
  void Checkpoint();

  const SqliteOptions options_;
  const Logger log_;
  const std::string path_;
  const bool temporary_;  // a private database removed by Close
  const int lock_fd_;     // flock held while open: one process per database

  // Keeps Close from tearing down connections under calls in flight: every
  // public call holds it shared, Close holds it exclusively.
  std::shared_mutex lifecycle_;
  std::atomic<bool> closed_{false};

  std::unique_ptr<Connection> writer_;  // used only by the writer thread after Init
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mu_

  // Shared with every Watcher, which may outlive the store.
  std::shared_ptr<WatchHub> hub_ = std::make_shared<WatchHub>();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<WriteOp>> pending_;  // guarded by mu_
  bool stopping_ = false;                         // guarded by mu_
  int64_t compact_target_ = 0;                    // guarded by mu_
  int64_t compact_done_ = 0;                      // guarded by mu_; rows removed up to here
  std::condition_variable compact_cv_;            // signalled when compact_done_ moves

  std::atomic<int64_t> current_rev_{0};
  std::atomic<int64_t> compact_rev_{0};
  CollectionRevisions collections_;  // noted by the writer thread before it acknowledges
  std::thread writer_thread_;
};

}  // namespace k1s::store

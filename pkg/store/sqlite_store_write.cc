// The write side of SqliteStore: the single writer thread, group commit,
// compaction and WAL checkpoints.
#include <algorithm>

#include "pkg/store/sqlite_store.h"

namespace k1s::store {

namespace {

// Rows removed per compaction transaction, so writers wait at most one chunk.
constexpr int64_t kCompactChunk = 5000;

struct LatestRow {
  int64_t rev = 0;
  int64_t create_rev = 0;
  bool deleted = false;
  std::string value;
};

Result<std::optional<LatestRow>> ReadLatest(Connection& conn, std::string_view key) {
  K1S_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(
      "SELECT rev, create_rev, deleted, value FROM kv WHERE key = ?1 AND next_rev = 0"));
  stmt->BindBlob(1, key);
  if (!stmt->Step()) {
    K1S_RETURN_IF_ERROR(stmt->status());
    return std::optional<LatestRow>();
  }
  return std::optional<LatestRow>(LatestRow{stmt->Int(0), stmt->Int(1), stmt->Int(2) != 0, stmt->Blob(3)});
}

}  // namespace

Result<KeyValue> SqliteStore::Create(std::string_view key, std::string value) {
  return SubmitWrite(std::make_unique<WriteOp>(WriteOp{OpKind::kCreate, std::string(key),
                                                       std::move(value), 0, {}}));
}

Result<KeyValue> SqliteStore::Update(std::string_view key, std::string value,
                                     int64_t expected_mod_revision) {
  return SubmitWrite(std::make_unique<WriteOp>(WriteOp{OpKind::kUpdate, std::string(key),
                                                       std::move(value), expected_mod_revision, {}}));
}

Result<KeyValue> SqliteStore::Delete(std::string_view key, int64_t expected_mod_revision) {
  return SubmitWrite(std::make_unique<WriteOp>(
      WriteOp{OpKind::kDelete, std::string(key), {}, expected_mod_revision, {}}));
}

Result<KeyValue> SqliteStore::SubmitWrite(std::unique_ptr<WriteOp> op) {
  if (op->key.empty()) return Status::Invalid("empty key");
  if (op->expected < 0) return Status::Invalid("negative revision");
  std::future<Result<KeyValue>> done = op->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Status::Unavailable("store is closed");
    pending_.push_back(std::move(op));
  }
  cv_.notify_one();
  return done.get();
}

Status SqliteStore::Compact(int64_t revision) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return Status::Unavailable("store is closed");
  if (revision > current_rev_) {
    return Status::Invalid("cannot compact to revision " + std::to_string(revision) +
                           ": current is " + std::to_string(current_rev_.load()));
  }
  if (revision <= compact_done_) return Status::Ok();
  compact_target_ = std::max(compact_target_, revision);
  cv_.notify_one();
  compact_cv_.wait(lock, [&] { return compact_done_ >= revision || stopping_; });
  return compact_done_ >= revision ? Status::Ok() : Status::Unavailable("store is closed");
}

void SqliteStore::WriterLoop() {
  auto next_maintenance = std::chrono::steady_clock::now() + options_.compact_interval;
  while (true) {
    std::vector<std::unique_ptr<WriteOp>> batch;
    bool compact = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_until(lock, next_maintenance, [&] {
        return stopping_ || !pending_.empty() || compact_target_ > compact_done_;
      });
      if (stopping_ && pending_.empty()) break;
      while (!pending_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
      compact = compact_target_ > compact_done_ && !stopping_;
    }
    if (!batch.empty()) CommitBatch(batch);
    // One compaction chunk per round keeps compaction moving under a constant
    // stream of writes without making any batch wait for all of it.
    if (compact) CompactStep();
    if (std::chrono::steady_clock::now() >= next_maintenance) {
      MaybeAutoCompact();
      Checkpoint();
      next_maintenance = std::chrono::steady_clock::now() + options_.compact_interval;
    }
  }
}

void SqliteStore::CommitBatch(std::vector<std::unique_ptr<WriteOp>>& batch) {
  std::vector<std::optional<Result<KeyValue>>> results(batch.size());
  std::vector<SharedEvent> events;
  int64_t rev = current_rev_;
  Status failed = writer_->Run("BEGIN IMMEDIATE");
  for (size_t i = 0; i < batch.size() && failed.ok(); ++i) {
    Result<SharedEvent> applied = Apply(*batch[i], rev + 1);
    if (applied.ok()) {
      ++rev;
      const Event& e = **applied;
      results[i] = e.type == EventType::kDelete ? *e.prev : e.kv;
      events.push_back(std::move(*applied));
    } else if (applied.status().code() == StatusCode::kIOError ||
               applied.status().code() == StatusCode::kUnavailable) {
      failed = applied.status();
    } else {
      results[i] = applied.status();  // a lost compare-and-swap and the like
    }
  }
  if (failed.ok() && !events.empty()) {
    auto meta = writer_->Prepare("UPDATE meta SET value = ?1 WHERE name = 'current_rev'");
    failed = meta.ok() ? (*meta)->Bind(1, rev).Run() : meta.status();
  }
  if (failed.ok()) failed = writer_->Run("COMMIT");
  if (!failed.ok()) {
    (void)writer_->Run("ROLLBACK");
    log_.Error("write batch of ", batch.size(), " failed and was rolled back: ", failed.ToString());
    for (auto& op : batch) op->done.set_value(Status::IOError("write failed: " + failed.message()));
    return;
  }
  current_rev_ = rev;
  for (const SharedEvent& e : events) collections_.Note(e->kv.key, e->kv.mod_revision);
  // Publish before acknowledging: whoever learns a revision from a write can
  // watch from it and miss nothing.
  hub_->Publish(events);
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(*results[i]));
}

Result<SharedEvent> SqliteStore::Apply(const WriteOp& op, int64_t rev) {
  K1S_ASSIGN_OR_RETURN(std::optional<LatestRow> latest, ReadLatest(*writer_, op.key));
  const bool exists = latest && !latest->deleted;
  auto event = std::make_shared<Event>();
  if (op.kind == OpKind::kCreate) {
    if (exists) return Status::AlreadyExists("key " + op.key + " already exists");
    event->type = EventType::kCreate;
    event->kv = KeyValue{op.key, op.value, rev, rev};
  } else {
    if (!exists) return Status::NotFound("key " + op.key + " not found");
    if (op.expected != 0 && op.expected != latest->rev) {
      return Status::Conflict("key " + op.key + " was modified at revision " +
                              std::to_string(latest->rev) + ", not " + std::to_string(op.expected));
    }
    event->type = op.kind == OpKind::kUpdate ? EventType::kUpdate : EventType::kDelete;
    event->kv = KeyValue{op.key, op.kind == OpKind::kUpdate ? op.value : std::string(),
                         latest->create_rev, rev};
    event->prev = KeyValue{op.key, std::move(latest->value), latest->create_rev, latest->rev};
  }
  // A create after a delete starts a new life for the key: no prev link, but
  // the tombstone still has to leave the set of latest rows.
  const int64_t prev_rev = event->type == EventType::kCreate ? 0 : latest->rev;
  K1S_ASSIGN_OR_RETURN(auto insert, writer_->Prepare(
      "INSERT INTO kv (rev, key, create_rev, prev_rev, next_rev, deleted, value) "
      "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)"));
  insert->Bind(1, rev).BindBlob(2, op.key).Bind(3, event->kv.create_revision).Bind(4, prev_rev);
  insert->Bind(5, event->type == EventType::kDelete ? 1 : 0).BindBlob(6, event->kv.value);
  K1S_RETURN_IF_ERROR(insert->Run());
  if (latest) {
    K1S_ASSIGN_OR_RETURN(auto link, writer_->Prepare("UPDATE kv SET next_rev = ?1 WHERE rev = ?2"));
    K1S_RETURN_IF_ERROR(link->Bind(1, rev).Bind(2, latest->rev).Run());
  }
  return SharedEvent(std::move(event));
}

void SqliteStore::CompactStep() {
  int64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = compact_target_;
  }
  int64_t removed = 0;
  Status s = writer_->Run("BEGIN IMMEDIATE");
  if (s.ok()) {
    auto meta = writer_->Prepare(
        "UPDATE meta SET value = max(value, ?1) WHERE name = 'compact_rev'");
    s = meta.ok() ? (*meta)->Bind(1, target).Run() : meta.status();
  }
  // Versions replaced at or before the target, then tombstones at or before it.
  for (const char* sql :
       {"DELETE FROM kv WHERE rev IN (SELECT rev FROM kv WHERE next_rev > 0 AND next_rev <= ?1 "
        "LIMIT ?2)",
        "DELETE FROM kv WHERE rev IN (SELECT rev FROM kv WHERE deleted = 1 AND next_rev = 0 "
        "AND rev <= ?1 LIMIT ?2)"}) {
    if (!s.ok() || removed >= kCompactChunk) break;
    auto del = writer_->Prepare(sql);
    s = del.ok() ? (*del)->Bind(1, target).Bind(2, kCompactChunk - removed).Run() : del.status();
    if (s.ok()) removed += writer_->Changes();
  }
  if (s.ok()) s = writer_->Run("COMMIT");
  if (!s.ok()) {
    (void)writer_->Run("ROLLBACK");
    log_.Error("compaction to revision ", target, " failed: ", s.ToString());
    return;  // retried on the next round
  }
  compact_rev_ = std::max(compact_rev_.load(), target);
  if (removed < kCompactChunk) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      compact_done_ = std::max(compact_done_, target);
    }
    compact_cv_.notify_all();
    log_.Debug(1, "compacted to revision ", target);
  }
}

void SqliteStore::MaybeAutoCompact() {
  if (options_.history_window <= 0) return;
  const int64_t target = current_rev_ - options_.history_window;
  std::lock_guard<std::mutex> lock(mu_);
  if (target > compact_target_) compact_target_ = target;
}

void SqliteStore::Checkpoint() {
  // TRUNCATE also resets the WAL file to zero bytes when no reader holds an
  // old snapshot; otherwise it checkpoints what it can and we try again later.
  Status s = writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE);");
  if (!s.ok() && !s.IsUnavailable()) log_.Warning("WAL checkpoint failed: ", s.ToString());
}

}  // namespace k1s::store

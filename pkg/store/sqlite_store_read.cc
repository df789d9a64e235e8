// The read side of SqliteStore: point reads, range reads, watch replay.
#include <algorithm>

#include "pkg/store/continue_token.h"
#include "pkg/store/key_range.h"
#include "pkg/store/sqlite_store.h"

namespace k1s::store {

// One read transaction on a pooled connection: every query in it sees the same
// snapshot, including the current and compacted revisions it starts with.
class SqliteStore::ReadTxn {
 public:
  explicit ReadTxn(SqliteStore& store) : store_(store) {}
  ~ReadTxn() {
    if (conn_ == nullptr) return;
    if (open_) (void)conn_->Run("COMMIT");
    store_.ReleaseReader(std::move(conn_));
  }

  // Only a pooled connection, no transaction: a single statement is its own
  // consistent snapshot.
  Status AcquireOnly() {
    K1S_ASSIGN_OR_RETURN(conn_, store_.AcquireReader());
    return Status::Ok();
  }

  Status Begin() {
    K1S_ASSIGN_OR_RETURN(conn_, store_.AcquireReader());
    K1S_RETURN_IF_ERROR(conn_->Run("BEGIN"));
    open_ = true;
    K1S_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(
        "SELECT (SELECT value FROM meta WHERE name = 'current_rev'), "
        "(SELECT value FROM meta WHERE name = 'compact_rev')"));
    if (!stmt->Step()) return stmt->status().ok() ? Status::IOError("meta is empty") : stmt->status();
    current_ = stmt->Int(0);
    compacted_ = stmt->Int(1);
    return Status::Ok();
  }

  // Checks that the state at `revision` (0: current) is readable; returns
  // the revision to read at.
  Result<int64_t> Resolve(int64_t revision) const {
    if (revision == 0) return current_;
    if (revision < 0) return Status::Invalid("negative revision " + std::to_string(revision));
    if (revision > current_) {
      return Status::Invalid("revision " + std::to_string(revision) +
                             " is in the future (current is " + std::to_string(current_) + ")");
    }
    if (revision < compacted_) {
      return Status::Gone("revision " + std::to_string(revision) + " has been compacted (oldest is " +
                          std::to_string(compacted_) + ")");
    }
    return revision;
  }

  Connection& conn() { return *conn_; }
  int64_t current() const { return current_; }
  int64_t compacted() const { return compacted_; }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> conn_;
  bool open_ = false;
  int64_t current_ = 0;
  int64_t compacted_ = 0;
};

namespace {

// Columns: rev, key, create_rev, value (and deleted where a query needs it).
KeyValue RowToKeyValue(const Statement& row) {
  return KeyValue{row.Blob(1), row.Blob(3), row.Int(2), row.Int(0)};
}

// The WHERE terms that bound `column` to [?1, ?2), or to [?1, end of keys)
// when the prefix has no end.
std::string KeyBounds(const std::optional<std::string>& end, std::string_view column = "key") {
  std::string out = std::string(column) + " >= ?1";
  if (end) out += " AND " + std::string(column) + " < ?2";
  return out;
}

}  // namespace

Result<KeyValue> SqliteStore::Get(std::string_view key, int64_t revision) {
  std::shared_lock<std::shared_mutex> alive(lifecycle_);
  if (closed_) return Status::Unavailable("store is closed");
  ReadTxn txn(*this);
  if (revision == 0) {
    // The latest row needs neither the current nor the compacted revision:
    // one statement, without BEGIN, COMMIT and the read of both.
    K1S_RETURN_IF_ERROR(txn.AcquireOnly());
    K1S_ASSIGN_OR_RETURN(auto latest, txn.conn().Prepare(
        "SELECT rev, key, create_rev, value, deleted FROM kv WHERE key = ?1 AND next_rev = 0"));
    latest->BindBlob(1, key);
    if (latest->Step() && latest->Int(4) == 0) return RowToKeyValue(*latest);
    K1S_RETURN_IF_ERROR(latest->status());
    return Status::NotFound("key " + std::string(key) + " not found");
  }
  K1S_RETURN_IF_ERROR(txn.Begin());
  K1S_ASSIGN_OR_RETURN(int64_t at, txn.Resolve(revision));
  // At the current revision the partial index finds the one latest row.
  const char* sql = at == txn.current()
      ? "SELECT rev, key, create_rev, value, deleted FROM kv WHERE key = ?1 AND next_rev = 0"
      : "SELECT rev, key, create_rev, value, deleted FROM kv WHERE key = ?1 AND rev <= ?2 "
        "ORDER BY rev DESC LIMIT 1";
  K1S_ASSIGN_OR_RETURN(auto stmt, txn.conn().Prepare(sql));
  stmt->BindBlob(1, key);
  if (at != txn.current()) stmt->Bind(2, at);
  if (stmt->Step() && stmt->Int(4) == 0) return RowToKeyValue(*stmt);
  K1S_RETURN_IF_ERROR(stmt->status());
  return Status::NotFound("key " + std::string(key) + " not found");
}

Result<ListResult> SqliteStore::List(std::string_view prefix, const ListOptions& options) {
  std::shared_lock<std::shared_mutex> alive(lifecycle_);
  if (closed_) return Status::Unavailable("store is closed");
  if (options.limit < 0) return Status::Invalid("negative limit");
  std::string start(prefix);
  int64_t revision = options.revision;
  int64_t known_remaining = -1;  // from the continue token
  if (!options.continue_token.empty()) {
    K1S_ASSIGN_OR_RETURN(ContinuePoint point, DecodeContinue(options.continue_token));
    if (!HasPrefix(point.start_key, prefix)) {
      return Status::Invalid("continue token does not belong to this list");
    }
    start = std::move(point.start_key);
    revision = point.revision;
    known_remaining = point.remaining;
  }
  ReadTxn txn(*this);
  K1S_RETURN_IF_ERROR(txn.Begin());
  auto at_or = txn.Resolve(revision);
  if (!at_or.ok() && at_or.status().IsGone() && !options.continue_token.empty()) {
    return Status::Gone("the continue token is too old: its revision " + std::to_string(revision) +
                        " has been compacted; restart the list");
  }
  K1S_ASSIGN_OR_RETURN(int64_t at, std::move(at_or));
  const bool latest = at == txn.current();
  const std::optional<std::string> end = PrefixEnd(prefix);

  // The rows visible at `at`: the latest ones, or those whose lifetime spans it.
  std::string visible = latest ? "next_rev = 0 AND deleted = 0"
                               : "rev <= ?4 AND (next_rev = 0 OR next_rev > ?4) AND deleted = 0";
  std::string page_sql = "SELECT rev, key, create_rev, value FROM kv WHERE " +
                         KeyBounds(end) + " AND " + visible +
                         " ORDER BY key LIMIT ?3";
  K1S_ASSIGN_OR_RETURN(auto page, txn.conn().Prepare(page_sql));
  page->BindBlob(1, start);
  if (end) page->BindBlob(2, *end);
  // One row past the limit says whether another page exists.
  page->Bind(3, options.limit > 0 ? options.limit + 1 : -1);
  if (!latest) page->Bind(4, at);

  ListResult result;
  result.revision = at;
  while (page->Step()) result.items.push_back(RowToKeyValue(*page));
  K1S_RETURN_IF_ERROR(page->status());
  if (options.limit > 0 && static_cast<int64_t>(result.items.size()) > options.limit) {
    result.items.pop_back();
    std::string next = result.items.back().key + '\0';
    if (options.continue_token.empty()) {
      std::string count_sql = "SELECT count(*) FROM kv WHERE " + KeyBounds(end) + " AND " + visible;
      K1S_ASSIGN_OR_RETURN(auto count, txn.conn().Prepare(count_sql));
      count->BindBlob(1, next);
      if (end) count->BindBlob(2, *end);
      if (!latest) count->Bind(4, at);
      if (count->Step()) result.remaining = count->Int(0);
      K1S_RETURN_IF_ERROR(count->status());
    } else if (known_remaining >= 0) {
      result.remaining =
          std::max<int64_t>(0, known_remaining - static_cast<int64_t>(result.items.size()));
    }
    result.continue_token = EncodeContinue({at, std::move(next), result.remaining.value_or(-1)});
  }
  return result;
}

Result<int64_t> SqliteStore::Count(std::string_view prefix) {
  std::shared_lock<std::shared_mutex> alive(lifecycle_);
  if (closed_) return Status::Unavailable("store is closed");
  ReadTxn txn(*this);
  K1S_RETURN_IF_ERROR(txn.Begin());
  const std::optional<std::string> end = PrefixEnd(prefix);
  std::string sql = "SELECT count(*) FROM kv WHERE " + KeyBounds(end) +
                    " AND next_rev = 0 AND deleted = 0";
  K1S_ASSIGN_OR_RETURN(auto stmt, txn.conn().Prepare(sql));
  stmt->BindBlob(1, prefix);
  if (end) stmt->BindBlob(2, *end);
  int64_t n = stmt->Step() ? stmt->Int(0) : 0;
  K1S_RETURN_IF_ERROR(stmt->status());
  return n;
}

Result<std::vector<SharedEvent>> SqliteStore::ReadHistory(Connection& conn, std::string_view prefix,
                                                          int64_t after, int64_t upto) {
  const std::optional<std::string> end = PrefixEnd(prefix);
  std::string sql =
      "SELECT e.rev, e.key, e.create_rev, e.value, e.deleted, e.prev_rev, p.create_rev, p.value "
      "FROM kv e LEFT JOIN kv p ON p.rev = e.prev_rev "
      "WHERE e.rev > ?3 AND e.rev <= ?4 AND " + KeyBounds(end, "e.key") + " ORDER BY e.rev";
  K1S_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(sql));
  stmt->BindBlob(1, prefix);
  if (end) stmt->BindBlob(2, *end);
  stmt->Bind(3, after);
  stmt->Bind(4, upto);
  std::vector<SharedEvent> events;
  while (stmt->Step()) {
    auto event = std::make_shared<Event>();
    event->kv = RowToKeyValue(*stmt);
    const bool deleted = stmt->Int(4) != 0;
    const int64_t prev_rev = stmt->Int(5);
    if (prev_rev != 0) {
      event->prev = KeyValue{event->kv.key, stmt->Blob(7), stmt->Int(6), prev_rev};
    }
    event->type = deleted ? EventType::kDelete
                          : (prev_rev == 0 ? EventType::kCreate : EventType::kUpdate);
    events.push_back(std::move(event));
  }
  K1S_RETURN_IF_ERROR(stmt->status());
  return events;
}

namespace {

class HubWatcher final : public Watcher {
 public:
  HubWatcher(std::shared_ptr<WatchHub> hub, std::shared_ptr<WatchQueue> queue)
      : hub_(std::move(hub)), queue_(std::move(queue)) {}
  ~HubWatcher() override { Close(); }

  Result<std::vector<Event>> Next(std::chrono::milliseconds timeout) override {
    return queue_->Pop(timeout);
  }
  void Notify(std::function<void()> wake) override { queue_->Notify(std::move(wake)); }
  void Close() override {
    queue_->Fail(Status::Unavailable("watcher closed"));
    hub_->Remove(queue_.get());
  }

 private:
  std::shared_ptr<WatchHub> hub_;
  std::shared_ptr<WatchQueue> queue_;
};

}  // namespace

Result<std::unique_ptr<Watcher>> SqliteStore::Watch(std::string_view prefix, int64_t after_revision) {
  std::shared_lock<std::shared_mutex> alive(lifecycle_);
  if (closed_) return Status::Unavailable("store is closed");
  if (after_revision < 0) return Status::Invalid("negative revision");
  auto queue = std::make_shared<WatchQueue>(std::string(prefix), after_revision,
                                            options_.watcher_queue_limit);
  if (after_revision > 0 && after_revision < compact_rev_.load()) {
    return Status::Gone("revision " + std::to_string(after_revision) + " has been compacted (oldest is " +
                        std::to_string(compact_rev_.load()) + ")");
  }
  bool replayed = false;
  const int64_t published = hub_->Add(queue, after_revision, &replayed);
  auto watcher = std::make_unique<HubWatcher>(hub_, queue);
  if (after_revision == 0 || after_revision >= published || replayed) return watcher;

  // Replay (after_revision, published] from history; live events after
  // `published` are already queuing behind it.
  ReadTxn txn(*this);
  K1S_RETURN_IF_ERROR(txn.Begin());
  if (after_revision < txn.compacted()) {
    return Status::Gone("revision " + std::to_string(after_revision) +
                        " has been compacted (oldest is " + std::to_string(txn.compacted()) + ")");
  }
  K1S_ASSIGN_OR_RETURN(auto history, ReadHistory(txn.conn(), prefix, after_revision, published));
  queue->PushFront(std::move(history));
  return watcher;
}

}  // namespace k1s::store

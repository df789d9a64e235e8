#include "pkg/store/sqlite_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace k1s::store {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (
  rev        INTEGER PRIMARY KEY,
  key        BLOB NOT NULL,
  create_rev INTEGER NOT NULL,
  prev_rev   INTEGER NOT NULL,
  next_rev   INTEGER NOT NULL DEFAULT 0,
  deleted    INTEGER NOT NULL,
  value      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_key_rev ON kv (key, rev);
CREATE INDEX IF NOT EXISTS kv_latest ON kv (key) WHERE next_rev = 0;
CREATE INDEX IF NOT EXISTS kv_replaced ON kv (next_rev) WHERE next_rev > 0;
CREATE INDEX IF NOT EXISTS kv_tombstones ON kv (rev) WHERE deleted = 1 AND next_rev = 0;
INSERT OR IGNORE INTO meta VALUES ('schema_version', 1), ('current_rev', 0), ('compact_rev', 0);
)sql";

Result<int64_t> ReadMeta(Connection& conn, const char* name) {
  K1S_ASSIGN_OR_RETURN(auto stmt, conn.Prepare("SELECT value FROM meta WHERE name = ?1"));
  stmt->BindText(1, name);
  if (!stmt->Step()) {
    if (!stmt->status().ok()) return stmt->status();
    return Status::IOError(std::string("database has no ") + name + "; not a k1s database?");
  }
  return stmt->Int(0);
}

// A private directory for a ":memory:" store.
Result<std::string> TemporaryDatabasePath() {
  std::string tmpl = (fs::temp_directory_path() / "k1s-store-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    return Status::IOError(std::string("mkdtemp: ") + std::strerror(errno));
  }
  return tmpl + "/state.db";
}

Result<int> LockDatabase(const std::string& path) {
  std::string lock_path = path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("open " + lock_path + ": " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Unavailable("database " + path + " is in use by another process");
    }
    return Status::IOError("lock " + lock_path + ": " + std::strerror(err));
  }
  return fd;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  return SqliteStore::Open(options);
}

Result<std::unique_ptr<Store>> SqliteStore::Open(const SqliteOptions& options) {
  if (options.path.empty()) return Status::Invalid("store path is empty");
  bool temporary = options.path == ":memory:";
  std::string path = options.path;
  if (temporary) {
    K1S_ASSIGN_OR_RETURN(path, TemporaryDatabasePath());
  } else {
    std::error_code ec;
    fs::path dir = fs::path(path).parent_path();
    if (!dir.empty()) fs::create_directories(dir, ec);
    if (ec) return Status::IOError("create " + dir.string() + ": " + ec.message());
  }
  K1S_ASSIGN_OR_RETURN(int lock_fd, LockDatabase(path));
  std::unique_ptr<SqliteStore> store(new SqliteStore(options, path, temporary, lock_fd));
  Status s = store->Init();
  if (!s.ok()) {
    store->Close();
    return s;
  }
  return std::unique_ptr<Store>(std::move(store));
}

SqliteStore::SqliteStore(SqliteOptions options, std::string path, bool temporary, int lock_fd)
    : options_(std::move(options)),
      log_(options_.logger),
      path_(std::move(path)),
      temporary_(temporary),
      lock_fd_(lock_fd) {}

SqliteStore::~SqliteStore() { Close(); }

Status SqliteStore::Init() {
  K1S_ASSIGN_OR_RETURN(writer_, Connection::Open(path_));
  // The database holds every Secret: owner-only, like the keys beside it.
  // SQLite gives its -wal and -shm files the database file's mode.
  if (::chmod(path_.c_str(), 0600) != 0) {
    return Status::IOError("chmod " + path_ + ": " + std::strerror(errno));
  }
  // FULL syncs the WAL on every commit: an acknowledged write survives power
  // loss. A temporary store promises no durability and skips the fsyncs.
  std::string pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = ";
  pragmas += temporary_ ? "OFF" : "FULL";
  // The WAL is cut back to this size after checkpoints so it cannot grow for good.
  pragmas += "; PRAGMA journal_size_limit = 67108864;";
  K1S_RETURN_IF_ERROR(writer_->Exec(pragmas));
  // Only checkpoints wait for readers; a short wait keeps them from stalling writes.
  sqlite3_busy_timeout(writer_->handle(), 200);
  K1S_RETURN_IF_ERROR(writer_->Exec(kSchema));
  K1S_ASSIGN_OR_RETURN(int64_t version, ReadMeta(*writer_, "schema_version"));
  if (version != kSchemaVersion) {
    return Status::IOError(path_ + " has schema version " + std::to_string(version) +
                           "; this k1s reads version " + std::to_string(kSchemaVersion));
  }
  K1S_ASSIGN_OR_RETURN(int64_t current, ReadMeta(*writer_, "current_rev"));
  K1S_ASSIGN_OR_RETURN(int64_t compacted, ReadMeta(*writer_, "compact_rev"));
  current_rev_ = current;
  compact_rev_ = compacted;
  compact_target_ = compacted;
  compact_done_ = compacted;
  hub_->SetPublished(current);
  log_.Info("opened ", temporary_ ? "temporary database " : "", path_, " at revision ", current,
            " (compacted to ", compacted, ")");
  writer_thread_ = std::thread([this] { WriterLoop(); });
  return Status::Ok();
}

void SqliteStore::Close() {
  if (closed_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();  // drains writes in flight
  compact_cv_.notify_all();
  hub_->CloseAll(Status::Unavailable("store is closed"));
  std::unique_lock<std::shared_mutex> exclusive(lifecycle_);
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.clear();
  }
  if (writer_ != nullptr) {
    (void)writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE);");
    writer_.reset();
  }
  if (temporary_) {
    std::error_code ec;
    fs::remove_all(fs::path(path_).parent_path(), ec);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<std::unique_ptr<Connection>> SqliteStore::AcquireReader() {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
  }
  K1S_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_));
  K1S_RETURN_IF_ERROR(conn->Exec("PRAGMA query_only = 1;"));
  sqlite3_busy_timeout(conn->handle(), 5000);
  return conn;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> conn) {
  std::lock_guard<std::mutex> lock(readers_mu_);
  idle_readers_.push_back(std::move(conn));
}

Result<Stats> SqliteStore::GetStats() {
  std::shared_lock<std::shared_mutex> alive(lifecycle_);
  if (closed_) return Status::Unavailable("store is closed");
  K1S_ASSIGN_OR_RETURN(auto conn, AcquireReader());
  Stats stats;
  {
    K1S_ASSIGN_OR_RETURN(auto keys, conn->Prepare(
        "SELECT count(*) FROM kv WHERE next_rev = 0 AND deleted = 0"));
    if (keys->Step()) stats.keys = keys->Int(0);
    K1S_RETURN_IF_ERROR(keys->status());
    K1S_ASSIGN_OR_RETURN(auto rows, conn->Prepare("SELECT count(*) FROM kv"));
    if (rows->Step()) stats.history_rows = rows->Int(0);
    K1S_RETURN_IF_ERROR(rows->status());
  }
  ReleaseReader(std::move(conn));
  stats.current_revision = current_rev_;
  stats.compacted_revision = compact_rev_;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    auto size = fs::file_size(path_ + suffix, ec);
    if (!ec) stats.db_bytes += static_cast<int64_t>(size);
  }
  stats.watchers = hub_->Count();
  stats.watch_memory_replays = hub_->MemoryReplays();
  return stats;
}

}  // namespace k1s::store

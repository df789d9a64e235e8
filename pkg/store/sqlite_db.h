// A thin RAII layer over the SQLite C API: connections with cached prepared
// statements, and errors as Status values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::store {

// One prepared statement in use. Resets and clears its bindings when it goes
// out of scope, so a cached statement is always ready for the next user.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bind positions start at 1, as in SQLite.
  Statement& Bind(int pos, int64_t value);
  Statement& BindText(int pos, std::string_view value);
  Statement& BindBlob(int pos, std::string_view value);

  // Advances; true while a row is available. Errors leave the statement done
  // and are reported by status().
  bool Step();
  // Steps until done; the status of the whole execution.
  Status Run();
  const Status& status() const { return status_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
  Status status_;
};

// A database connection. Not thread-safe: one thread uses it at a time.
class Connection {
 public:
  // Opens or creates the database at `path`.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(const std::string& sql);
  // A cached prepared statement for `sql` (which must be a string literal or
  // otherwise stable text: it is the cache key).
  Result<std::unique_ptr<Statement>> Prepare(const std::string& sql);
  // Runs one statement through Prepare's cache. For the statements run over
  // and over (BEGIN, COMMIT): Exec would parse them again every time.
  Status Run(const std::string& sql);

  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Status Error(std::string_view what) const;

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace k1s::store

// The datastore component of `k1s server`.
#pragma once

#include <memory>

#include "pkg/server/server_config.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::server {

// Creates <data-dir>/server/db (mode 0700) and, if missing, the database's own directory,
// opens the SQLite store the config names with its compaction settings, and
// logs the data dir, database path and current revision. IOError if a
// directory cannot be made or the store cannot be opened.
Result<std::unique_ptr<store::Store>> StartDatastore(const ServerConfig& config, const Logger& log);

// Makes `path` and any missing parents with mode 0700; existing ones keep
// their mode. IOError naming the path on failure or if a part is not a directory.
Status CreateDirs(const std::string& path);

// CreateDirs, then sets `path` itself to 0700 even if it existed.
Status MakePrivateDir(const std::string& path);

}  // namespace k1s::server

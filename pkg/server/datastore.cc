#include "pkg/server/datastore.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace k1s::server {

Status CreateDirs(const std::string& path) {
  std::filesystem::path partial;
  for (const auto& part : std::filesystem::path(path)) {
    partial /= part;
    struct stat st {};
    if (stat(partial.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Status::IOError(partial.string() + " is not a directory");
      continue;
    }
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::IOError("cannot create directory " + partial.string() + ": " +
                             std::strerror(errno));
    }
  }
  return Status::Ok();
}

Status MakePrivateDir(const std::string& path) {
  K1S_RETURN_IF_ERROR(CreateDirs(path));
  if (chmod(path.c_str(), 0700) != 0) {
    return Status::IOError("cannot set mode 0700 on " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<std::unique_ptr<store::Store>> StartDatastore(const ServerConfig& config,
                                                     const Logger& log) {
  K1S_RETURN_IF_ERROR(MakePrivateDir(config.data_dir + "/server/db"));
  K1S_RETURN_IF_ERROR(
      CreateDirs(std::filesystem::path(config.datastore_path).parent_path().string()));

  store::SqliteOptions options;
  options.path = config.datastore_path;
  options.history_window = config.datastore_history_window;
  options.compact_interval = config.datastore_compact_interval;
  options.logger = log;
  auto opened = store::OpenSqliteStore(options);
  if (!opened.ok()) {
    return Status::IOError("cannot open the datastore " + config.datastore_path + ": " +
                           opened.status().message());
  }
  std::unique_ptr<store::Store> store = std::move(opened).value();
  log.Info("datastore sqlite ", config.datastore_path, ", data dir ", config.data_dir,
           ", revision ", store->CurrentRevision());
  return store;
}

}  // namespace k1s::server

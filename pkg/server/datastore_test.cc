#include "pkg/server/datastore.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>

namespace k1s::server {
namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/k1s-server-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

unsigned Mode(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

TEST_CASE("MakePrivateDir creates the chain with 0700 and fixes the leaf's mode") {
  TempDir tmp;
  const std::string db = tmp.path + "/data/server/db";
  REQUIRE(MakePrivateDir(db).ok());
  CHECK(Mode(db) == 0700);
  CHECK(Mode(tmp.path + "/data") == 0700);
  chmod(db.c_str(), 0755);
  REQUIRE(MakePrivateDir(db).ok());
  CHECK(Mode(db) == 0700);
  REQUIRE(std::filesystem::create_directories(tmp.path + "/x"));
  chmod((tmp.path + "/x").c_str(), 0755);
  REQUIRE(CreateDirs(tmp.path + "/x/y").ok());
  CHECK(Mode(tmp.path + "/x") == 0755);
  CHECK(MakePrivateDir("/proc/self/k1s-cannot").code() == StatusCode::kIOError);
}

TEST_CASE("StartDatastore opens the database under the data dir and reopens it") {
  TempDir tmp;
  ServerConfig config;
  config.data_dir = tmp.path;
  config.datastore_path = tmp.path + "/server/db/state.db";
  int64_t revision = 0;
  {
    auto store = StartDatastore(config, Logger());
    REQUIRE(store.ok());
    REQUIRE((*store)->Create("/registry/test/a", "v").ok());
    revision = (*store)->CurrentRevision();
    (*store)->Close();
  }
  CHECK(std::filesystem::exists(config.datastore_path));
  CHECK(Mode(tmp.path + "/server/db") == 0700);
  auto again = StartDatastore(config, Logger());
  REQUIRE(again.ok());
  CHECK((*again)->CurrentRevision() == revision);
  CHECK((*again)->Get("/registry/test/a")->value == "v");
}

}  // namespace
}  // namespace k1s::server

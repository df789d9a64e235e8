#include "pkg/cli/config_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace k1s::cli {
namespace {

TEST_CASE("config YAML: scalars, lists, nulls and an empty file") {
  auto entries = ParseConfigYaml(
      "data-dir: /srv/k1s\n"
      "https-listen-port: 7443\n"
      "disable-agent: true\n"
      "write-kubeconfig-mode: 0644\n"
      "tls-san:\n  - a.example\n  - 10.0.0.5\n"
      "node-ip:\n",
      "c.yaml");
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 5);
  CHECK((*entries)[0].key == "data-dir");
  CHECK((*entries)[0].values == std::vector<std::string>{"/srv/k1s"});
  CHECK((*entries)[1].values == std::vector<std::string>{"7443"});
  CHECK((*entries)[3].values == std::vector<std::string>{"0644"});
  CHECK((*entries)[4].is_list);
  CHECK((*entries)[4].values == std::vector<std::string>{"a.example", "10.0.0.5"});
  CHECK(ParseConfigYaml("", "c.yaml")->empty());
  CHECK(ParseConfigYaml("# only a comment\n", "c.yaml")->empty());
}

TEST_CASE("config YAML errors are Invalid values that name the file") {
  auto bad_yaml = ParseConfigYaml("data-dir: [unclosed\n", "/x/c.yaml");
  CHECK(bad_yaml.status().IsInvalid());
  CHECK(bad_yaml.status().message().find("config file /x/c.yaml is not valid YAML at line") == 0);
  CHECK(ParseConfigYaml("- a\n- b\n", "c.yaml").status().message().find("must be a mapping") !=
        std::string::npos);
  CHECK(ParseConfigYaml("a:\n  b: c\n", "c.yaml").status().message().find("not a mapping") !=
        std::string::npos);
  CHECK(ParseConfigYaml("a: [[1]]\n", "c.yaml").status().IsInvalid());
}

TEST_CASE("LoadConfigFile: NotFound for a missing file, contents otherwise") {
  CHECK(LoadConfigFile("/nonexistent/k1s/config.yaml").status().IsNotFound());
  char dir[] = "/tmp/k1s-cli-test-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  const std::string path = std::string(dir) + "/config.yaml";
  std::ofstream(path) << "node-name: n1\n";
  auto entries = LoadConfigFile(path);
  REQUIRE(entries.ok());
  CHECK((*entries)[0].values.front() == "n1");
  CHECK(LoadConfigFile(dir).status().code() == StatusCode::kIOError);
  std::remove(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace k1s::cli

#include "pkg/cli/parser.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

namespace k1s::cli {
namespace {

using std::chrono::milliseconds;

FlagSpec Make(std::string name, char short_name, FlagType type, std::string def) {
  FlagSpec spec;
  spec.name = std::move(name);
  spec.short_name = short_name;
  spec.type = type;
  spec.default_value = std::move(def);
  return spec;
}

std::vector<FlagSpec> Specs() {
  FlagSpec config = Make("config", 'c', FlagType::kString, "");
  config.scope = FlagScope::kNotInConfigFile;
  config.env_aliases = {"K1S_CONFIG_FILE"};
  FlagSpec port = Make("https-listen-port", 0, FlagType::kInt, "6443");
  port.min = 1;
  port.max = 65535;
  FlagSpec server = Make("server", 's', FlagType::kString, "");
  server.env_aliases = {"K1S_URL"};
  FlagSpec token = Make("token", 't', FlagType::kString, "");
  token.env_aliases = {"K1S_TOKEN"};
  FlagSpec debug = Make("print-config", 0, FlagType::kBool, "");
  debug.scope = FlagScope::kCommandLineOnly;
  return {config,
          Make("data-dir", 'd', FlagType::kString, "/var/lib/k1s"),
          port,
          Make("disable-agent", 0, FlagType::kBool, "false"),
          Make("tls-san", 0, FlagType::kStringList, ""),
          Make("write-kubeconfig-mode", 0, FlagType::kFileMode, "0600"),
          Make("datastore-compact-interval", 0, FlagType::kDuration, "1m"),
          Make("cluster-cidr", 0, FlagType::kCidr, "10.42.0.0/16"),
          Make("node-ip", 0, FlagType::kIp, ""),
          server,
          token,
          debug};
}

// A temp dir holding a config file; removed with it.
struct TempConfig {
  std::string dir;
  std::string path;
  explicit TempConfig(const std::string& yaml) {
    char tmpl[] = "/tmp/k1s-parser-test-XXXXXX";
    dir = mkdtemp(tmpl);
    path = dir + "/config.yaml";
    std::ofstream(path) << yaml;
  }
  ~TempConfig() {
    std::remove(path.c_str());
    rmdir(dir.c_str());
  }
};

struct Harness {
  std::map<std::string, std::string> env;
  std::string default_config = "/nonexistent/k1s/config.yaml";
  Result<ParsedFlags> Parse(std::vector<std::string> args) {
    ParseInput in;
    in.command = "k1s server";
    in.args = std::move(args);
    in.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    in.default_config_path = default_config;
    in.foreign_keys = {"agent-only-flag"};
    return ParseFlags(Specs(), in);
  }
};

TEST_CASE("defaults apply when nothing else is set") {
  auto f = Harness().Parse({});
  REQUIRE(f.ok());
  CHECK(f->String("data-dir") == "/var/lib/k1s");
  CHECK(f->Int("https-listen-port") == 6443);
  CHECK_FALSE(f->Bool("disable-agent"));
  CHECK(f->Mode("write-kubeconfig-mode") == 0600);
  CHECK(f->Duration("datastore-compact-interval") == milliseconds(60'000));
  CHECK(f->CidrValue("cluster-cidr").ToString() == "10.42.0.0/16");
  CHECK_FALSE(f->IsSet("node-ip"));
  CHECK(f->List("tls-san").empty());
  CHECK(f->Get("data-dir").source == Source::kDefault);
  CHECK(f->config_file().empty());
}

TEST_CASE("command-line forms: --f v, --f=v, -x v, -x=v, bare and explicit bools") {
  Harness h;
  auto f = h.Parse({"--data-dir", "/a", "--https-listen-port=7443", "-s", "https://x:6443",
                    "-t=secret", "--disable-agent", "--node-ip", "::1"});
  REQUIRE(f.ok());
  CHECK(f->String("data-dir") == "/a");
  CHECK(f->Int("https-listen-port") == 7443);
  CHECK(f->String("server") == "https://x:6443");
  CHECK(f->String("token") == "secret");
  CHECK(f->Bool("disable-agent"));
  CHECK(f->Ip("node-ip").ToString() == "::1");
  CHECK(f->Get("data-dir").source == Source::kCommandLine);
  CHECK_FALSE(h.Parse({"--disable-agent=false"})->Bool("disable-agent"));
  CHECK(h.Parse({"-d", "/b"})->String("data-dir") == "/b");
  CHECK(h.Parse({"-data-dir", "/c"})->String("data-dir") == "/c");
}

TEST_CASE("a list flag accumulates repeats and commas on the command line") {
  auto f = Harness().Parse({"--tls-san", "a", "--tls-san=b,c"});
  CHECK(f->List("tls-san") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("flag errors are one line each") {
  Harness h;
  CHECK(h.Parse({"--nope"}).status().message() ==
        "unknown flag \"--nope\" for \"k1s server\" (run \"k1s server --help\" for the list)");
  CHECK(h.Parse({"-x", "1"}).status().message().find("unknown flag \"-x\"") == 0);
  CHECK(h.Parse({"--data-dir"}).status().message() == "flag --data-dir needs a value");
  CHECK(h.Parse({"stray"}).status().message().find("unexpected argument \"stray\"") == 0);
  CHECK(h.Parse({"--https-listen-port", "abc"}).status().message() ==
        "invalid value \"abc\" for --https-listen-port (from command line): must be an integer "
        "from 1 to 65535");
  CHECK(h.Parse({"--disable-agent=maybe"}).status().IsInvalid());
  CHECK(h.Parse({"--write-kubeconfig-mode", "999"}).status().IsInvalid());
  CHECK(h.Parse({"--cluster-cidr", "10.42.0.0/40"}).status().IsInvalid());
  CHECK(h.Parse({"--datastore-compact-interval", "soon"}).status().IsInvalid());
}

TEST_CASE("--help short-circuits everything else") {
  auto f = Harness().Parse({"--nope", "--help"});
  REQUIRE(f.ok());
  CHECK(f->help_requested());
  CHECK(Harness().Parse({"-h"})->help_requested());
}

TEST_CASE("environment: K1S_<FLAG> and k3s-style aliases") {
  Harness h;
  h.env = {{"K1S_DATA_DIR", "/env"},
           {"K1S_URL", "https://u:6443"},
           {"K1S_TOKEN", "tok"},
           {"K1S_TLS_SAN", "a,b"},
           {"K1S_DISABLE_AGENT", "true"}};
  auto f = h.Parse({});
  REQUIRE(f.ok());
  CHECK(f->String("data-dir") == "/env");
  CHECK(f->Get("data-dir").origin == "K1S_DATA_DIR");
  CHECK(f->String("server") == "https://u:6443");
  CHECK(f->Get("server").origin == "K1S_URL");
  CHECK(f->String("token") == "tok");
  CHECK(f->List("tls-san") == std::vector<std::string>{"a", "b"});
  CHECK(f->Bool("disable-agent"));
  // The alias is looked up before the automatic name.
  h.env = {{"K1S_SERVER", "https://auto"}, {"K1S_URL", "https://alias"}};
  CHECK(h.Parse({})->String("server") == "https://alias");
  // Empty counts as unset; command-line-only flags ignore the environment.
  h.env = {{"K1S_DATA_DIR", ""}, {"K1S_PRINT_CONFIG", "true"}};
  CHECK(h.Parse({})->String("data-dir") == "/var/lib/k1s");
  CHECK_FALSE(h.Parse({})->Bool("print-config"));
}

TEST_CASE("a bad environment value names its variable") {
  Harness h;
  h.env = {{"K1S_HTTPS_LISTEN_PORT", "abc"}};
  CHECK(h.Parse({"--https-listen-port", "7443"}).status().message() ==
        "invalid value \"abc\" for --https-listen-port (from K1S_HTTPS_LISTEN_PORT): must be an "
        "integer from 1 to 65535");
}

TEST_CASE("layering: default < config file < environment < command line") {
  TempConfig cfg(
      "data-dir: /from-config\nhttps-listen-port: 7000\ntls-san: [c1, c2]\n"
      "write-kubeconfig-mode: 0644\nagent-only-flag: ignored\n");
  Harness h;
  h.env = {{"K1S_CONFIG_FILE", cfg.path}, {"K1S_HTTPS_LISTEN_PORT", "7001"}};
  auto f = h.Parse({"--tls-san", "cli"});
  REQUIRE(f.ok());
  CHECK(f->config_file() == cfg.path);
  CHECK(f->String("data-dir") == "/from-config");
  CHECK(f->Get("data-dir").source == Source::kConfigFile);
  CHECK(f->Get("data-dir").origin == cfg.path);
  CHECK(f->Int("https-listen-port") == 7001);
  CHECK(f->Mode("write-kubeconfig-mode") == 0644);
  CHECK(f->List("tls-san") == std::vector<std::string>{"cli"});
  CHECK(h.Parse({"--https-listen-port=7002"})->Int("https-listen-port") == 7002);
  CHECK(h.Parse({})->List("tls-san") == std::vector<std::string>{"c1", "c2"});
}

TEST_CASE("config file selection: --config, K1S_CONFIG_FILE, default only if present") {
  TempConfig a("node-ip: 10.0.0.1\n");
  TempConfig b("node-ip: 10.0.0.2\n");
  Harness h;
  CHECK(h.Parse({})->config_file().empty());
  h.default_config = a.path;
  CHECK(h.Parse({})->Ip("node-ip").ToString() == "10.0.0.1");
  h.env = {{"K1S_CONFIG_FILE", b.path}};
  CHECK(h.Parse({})->Ip("node-ip").ToString() == "10.0.0.2");
  CHECK(h.Parse({"-c", a.path})->Ip("node-ip").ToString() == "10.0.0.1");
  CHECK(h.Parse({"--config", "/nonexistent/c.yaml"}).status().message() ==
        "config file /nonexistent/c.yaml does not exist (named by --config)");
  h.env = {{"K1S_CONFIG_FILE", "/nonexistent/d.yaml"}};
  CHECK(h.Parse({}).status().message() ==
        "config file /nonexistent/d.yaml does not exist (named by K1S_CONFIG_FILE)");
}

TEST_CASE("config file errors") {
  Harness h;
  TempConfig unknown("data-dir: /x\nno-such-flag: 1\n");
  CHECK(h.Parse({"--config", unknown.path}).status().message() ==
        "config file " + unknown.path + ": unknown key \"no-such-flag\"");
  TempConfig bad_value("https-listen-port: 70000\n");
  CHECK(h.Parse({"--config", bad_value.path}).status().message() ==
        "invalid value \"70000\" for --https-listen-port (from " + bad_value.path +
            "): must be an integer from 1 to 65535");
  TempConfig list_for_scalar("data-dir: [a, b]\n");
  CHECK(h.Parse({"--config", list_for_scalar.path}).status().message().find("not a list") !=
        std::string::npos);
  TempConfig nested("config: /other.yaml\n");
  CHECK(h.Parse({"--config", nested.path})
            .status()
            .message()
            .find("cannot be set in a config file") != std::string::npos);
  TempConfig broken("data-dir: [\n");
  CHECK(h.Parse({"--config", broken.path}).status().message().find("is not valid YAML") !=
        std::string::npos);
  // A broken default config file is an error too, not silently skipped.
  h.default_config = broken.path;
  CHECK(h.Parse({}).status().IsInvalid());
}

TEST_CASE("required flags") {
  std::vector<FlagSpec> specs = Specs();
  for (auto& s : specs) {
    if (s.name == "server") s.required = true;
  }
  ParseInput in;
  CHECK(ParseFlags(specs, in).status().message() == "--server is required (or set K1S_URL)");
  in.args = {"--server", "https://x"};
  CHECK(ParseFlags(specs, in).ok());
}

}  // namespace
}  // namespace k1s::cli

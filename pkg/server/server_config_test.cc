#include "pkg/server/server_config.h"

#include <doctest/doctest.h>

#include <map>

#include "pkg/cli/parser.h"

namespace k1s::server {
namespace {

cli::HostInfo User() { return cli::HostInfo{false, "/home/u", "box"}; }

Result<ServerConfig> Build(std::vector<std::string> args, cli::HostInfo host = User(),
                           std::map<std::string, std::string> env = {}) {
  cli::ParseInput in;
  in.command = "k1s server";
  in.args = std::move(args);
  in.default_config_path = "/nonexistent/k1s/config.yaml";
  in.getenv = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  K1S_ASSIGN_OR_RETURN(cli::ParsedFlags flags, cli::ParseFlags(ServerFlags(host), in));
  return ServerConfigFromFlags(flags);
}

TEST_CASE("k3s defaults for a non-root user") {
  auto c = Build({});
  REQUIRE(c.ok());
  CHECK(c->data_dir == "/home/u/.k1s");
  CHECK(c->write_kubeconfig == "/home/u/.k1s/k1s.yaml");
  CHECK(c->write_kubeconfig_mode == 0600);
  CHECK(c->https_listen_port == 6443);
  CHECK(c->bind_address.ToString() == "0.0.0.0");
  CHECK_FALSE(c->advertise_address.has_value());
  CHECK(c->node_name == "box");
  CHECK(c->cluster_cidr.ToString() == "10.42.0.0/16");
  CHECK(c->service_cidr.ToString() == "10.43.0.0/16");
  CHECK(c->cluster_dns.ToString() == "10.43.0.10");
  CHECK(c->cluster_domain == "cluster.local");
  CHECK(c->datastore_path == "/home/u/.k1s/server/db/state.db");
  CHECK(c->datastore_history_window == 10000);
  CHECK(c->datastore_compact_interval == std::chrono::minutes(1));
  CHECK_FALSE(c->disable_agent);
  CHECK_FALSE(c->secrets_encryption);
}

TEST_CASE("--secrets-encryption, from the command line or K1S_SECRETS_ENCRYPTION") {
  CHECK(Build({"--secrets-encryption"})->secrets_encryption);
  CHECK(Build({}, User(), {{"K1S_SECRETS_ENCRYPTION", "true"}})->secrets_encryption);
  CHECK_FALSE(Build({"--secrets-encryption=false"})->secrets_encryption);
}

TEST_CASE("root defaults and the kubeconfig variables") {
  auto c = Build({}, cli::HostInfo{true, "/root", "box"});
  CHECK(c->data_dir == "/var/lib/k1s");
  CHECK(c->write_kubeconfig == "/etc/k1s/k1s.yaml");
  auto e = Build({}, User(),
                 {{"K1S_KUBECONFIG_OUTPUT", "/tmp/kc.yaml"},
                  {"K1S_KUBECONFIG_MODE", "0644"},
                  {"K1S_NODE_NAME", "pi-1"}});
  CHECK(e->write_kubeconfig == "/tmp/kc.yaml");
  CHECK(e->write_kubeconfig_mode == 0644);
  CHECK(e->node_name == "pi-1");
}

TEST_CASE("flags land in the config") {
  auto c = Build({"-d",
                  "/srv/k1s",
                  "-o",
                  "/srv/kc",
                  "--tls-san",
                  "a.example",
                  "--tls-san",
                  "10.0.0.5",
                  "--node-ip",
                  "10.0.0.5",
                  "--advertise-address",
                  "10.0.0.6",
                  "--disable-agent",
                  "--datastore-endpoint",
                  "sqlite:///srv/db/k.db",
                  "--datastore-compact-interval",
                  "5m",
                  "-t",
                  "secret",
                  "--server",
                  "https://other:6443",
                  "-v",
                  "4"});
  REQUIRE(c.ok());
  CHECK(c->data_dir == "/srv/k1s");
  CHECK(c->write_kubeconfig == "/srv/kc");
  CHECK(c->tls_san == std::vector<std::string>{"a.example", "10.0.0.5"});
  CHECK(c->node_ip->ToString() == "10.0.0.5");
  CHECK(c->advertise_address->ToString() == "10.0.0.6");
  CHECK(c->disable_agent);
  CHECK(c->datastore_path == "/srv/db/k.db");
  CHECK(c->datastore_compact_interval == std::chrono::minutes(5));
  CHECK(c->token == "secret");
  CHECK(c->join_server == "https://other:6443");
  CHECK(c->verbosity == 4);
}

TEST_CASE("cross-field network rules") {
  CHECK(Build({"--cluster-dns", "10.44.0.10"}).status().message() ==
        "--cluster-dns 10.44.0.10 (from command line) is not inside --service-cidr 10.43.0.0/16 "
        "(default)");
  CHECK(
      Build({"--cluster-cidr", "10.0.0.0/8"}).status().message().find("overlaps --service-cidr") !=
      std::string::npos);
  CHECK(Build({"--service-cidr", "10.96.0.0/12", "--cluster-dns", "10.96.0.10"}).ok());
  CHECK(Build({"--cluster-cidr", "fd00:42::/56", "--service-cidr", "fd00:43::/112", "--cluster-dns",
               "fd00:43::a"})
            .ok());
}

TEST_CASE("datastore endpoints: only SQLite") {
  CHECK(ResolveDatastorePath("", "/d").value() == "/d/server/db/state.db");
  CHECK(ResolveDatastorePath("sqlite:///x/y.db", "/d").value() == "/x/y.db");
  CHECK(ResolveDatastorePath("sqlite://rel.db", "/d").status().IsInvalid());
  CHECK(ResolveDatastorePath("sqlite:///x.db?_journal=WAL", "/d").status().IsInvalid());
  auto pg = Build({"--datastore-endpoint", "postgres://db/k1s"});
  CHECK(pg.status().message() ==
        "invalid value \"postgres://db/k1s\" for --datastore-endpoint (from command line): only "
        "SQLite is supported in this build: leave it empty, or use sqlite:///path/to/state.db");
}

TEST_CASE("bad values for the server's own checks") {
  CHECK(Build({"--node-name", "Bad_Name"}).status().IsInvalid());
  CHECK(Build({"--cluster-domain", "-x"}).status().IsInvalid());
  CHECK(Build({"--server", "http://plain:6443"}).status().IsInvalid());
  CHECK(Build({"--datastore-compact-interval", "0s"}).status().IsInvalid());
  CHECK(Build({"--datastore-history-window", "-1"}).status().IsInvalid());
  CHECK(Build({}, cli::HostInfo{false, "/home/u", ""}).status().message().find("--node-name") !=
        std::string::npos);
}

}  // namespace
}  // namespace k1s::server

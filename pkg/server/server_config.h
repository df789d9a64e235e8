// ServerConfig: the typed settings of `k1s server`, built from its flags.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkg/cli/host.h"
#include "pkg/cli/ipnet.h"
#include "pkg/cli/parsed_flags.h"
#include "pkg/util/result.h"

namespace k1s::server {

struct ServerConfig {
  std::string config_file;       // the file the flags were read from; empty if none
  std::string data_dir;          // absolute
  std::string write_kubeconfig;  // absolute
  uint32_t write_kubeconfig_mode = 0600;
  int https_listen_port = 6443;
  cli::IpAddress bind_address;
  std::optional<cli::IpAddress> advertise_address;
  std::vector<std::string> tls_san;
  std::string node_name;
  std::optional<cli::IpAddress> node_ip;
  cli::Cidr cluster_cidr;
  cli::Cidr service_cidr;
  // --service-node-port-range: the node ports Services get, both ends included.
  int service_node_port_first = 30000;
  int service_node_port_last = 32767;
  cli::IpAddress cluster_dns;
  std::string cluster_domain;
  std::string token;
  std::string join_server;  // --server: recorded; joining is not implemented yet
  bool disable_agent = false;
  bool disable_scheduler = false;
  std::string scheduler_config;  // absolute, or ""
  std::vector<std::string> disabled_controllers;
  std::chrono::milliseconds node_monitor_grace_period = std::chrono::seconds(40);
  int simulated_nodes = 0;
  std::string simulated_node_profile;  // absolute, or ""
  bool simulated_node_exec = false;    // exec in simulated pods runs host commands
  std::string datastore_path;  // the SQLite file, resolved from --datastore-endpoint
  int64_t datastore_history_window = 10000;
  std::chrono::milliseconds datastore_compact_interval = std::chrono::minutes(1);
  // --secrets-encryption: Secrets are stored AES-GCM encrypted, with keys in
  // <data-dir>/server/cred/encryption-config.json (see pkg/encryption).
  bool secrets_encryption = false;
  int verbosity = 0;
};

// The flags of `k1s server`, names and defaults as k3s's; defaults that
// depend on the machine (data dir, kubeconfig path, node name) come from `host`.
std::vector<cli::FlagSpec> ServerFlags(const cli::HostInfo& host);

// Builds the config from parsed ServerFlags and checks the rules that tie
// flags together (cluster-dns inside service-cidr, cluster-cidr and
// service-cidr disjoint). Invalid, with one line naming the flags, otherwise.
Result<ServerConfig> ServerConfigFromFlags(const cli::ParsedFlags& flags);

// "30000-32767", "30000+2767" (base+offset) or "30000": an inclusive port
// range as kube-apiserver's --service-node-port-range takes it. Invalid otherwise.
Result<std::pair<int, int>> ParsePortRange(std::string_view text);

// "" -> <data-dir>/server/db/state.db; "sqlite:///p" -> "/p". Invalid for
// any other endpoint: only SQLite is supported in this build.
Result<std::string> ResolveDatastorePath(const std::string& endpoint, const std::string& data_dir);

}  // namespace k1s::server

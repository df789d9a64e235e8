#include "pkg/server/server_config.h"

#include <charconv>
#include <filesystem>

#include "pkg/cli/parser.h"

namespace k1s::server {

namespace {

std::string Absolute(const std::string& path) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

std::optional<cli::IpAddress> OptionalIp(const cli::ParsedFlags& flags, const std::string& name) {
  if (!flags.IsSet(name)) return std::nullopt;
  return flags.Ip(name);
}

// "--cluster-dns 10.44.0.10 (from K1S_CLUSTER_DNS)", "--service-cidr 10.43.0.0/16 (default)"
std::string Describe(const cli::ParsedFlags& flags, const std::string& name,
                     const std::string& text) {
  const cli::FlagValue& v = flags.Get(name);
  return "--" + name + " " + text +
         (v.source == cli::Source::kDefault ? " (default)" : " (from " + v.origin + ")");
}

Status CheckNetworks(const ServerConfig& c, const cli::ParsedFlags& flags) {
  if (!c.service_cidr.Contains(c.cluster_dns)) {
    return Status::Invalid(Describe(flags, "cluster-dns", c.cluster_dns.ToString()) +
                           " is not inside " +
                           Describe(flags, "service-cidr", c.service_cidr.ToString()));
  }
  if (c.cluster_cidr.Overlaps(c.service_cidr)) {
    return Status::Invalid(Describe(flags, "cluster-cidr", c.cluster_cidr.ToString()) +
                           " overlaps " +
                           Describe(flags, "service-cidr", c.service_cidr.ToString()));
  }
  return Status::Ok();
}

}  // namespace

Result<std::pair<int, int>> ParsePortRange(std::string_view text) {
  const Status bad = Status::Invalid("must be a port range such as 30000-32767");
  auto number = [](std::string_view s) -> std::optional<int> {
    int n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return n;
  };
  const size_t sep = text.find_first_of("-+");
  auto first = number(text.substr(0, sep));
  auto second = sep == std::string_view::npos ? first : number(text.substr(sep + 1));
  if (!first || !second) return bad;
  const int last = sep != std::string_view::npos && text[sep] == '+' ? *first + *second : *second;
  if (*first < 1 || last > 65535 || last < *first) return bad;
  return std::pair<int, int>(*first, last);
}

Result<std::string> ResolveDatastorePath(const std::string& endpoint, const std::string& data_dir) {
  if (endpoint.empty()) return data_dir + "/server/db/state.db";
  const std::string scheme = "sqlite://";
  if (endpoint.rfind(scheme, 0) == 0) {
    const std::string path = endpoint.substr(scheme.size());
    if (path.find('?') != std::string::npos) {
      return Status::Invalid("SQLite endpoint options (\"?...\") are not supported");
    }
    if (path.size() > 1 && path.front() == '/') return path;
    return Status::Invalid("a SQLite endpoint needs an absolute path: sqlite:///path/to/state.db");
  }
  return Status::Invalid(
      "only SQLite is supported in this build: leave it empty, or use sqlite:///path/to/state.db");
}

Result<ServerConfig> ServerConfigFromFlags(const cli::ParsedFlags& flags) {
  ServerConfig c;
  c.config_file = flags.config_file();
  c.data_dir = Absolute(flags.String("data-dir"));
  if (c.data_dir.empty()) return Status::Invalid("--data-dir must not be empty");
  c.write_kubeconfig = flags.String("write-kubeconfig");
  if (c.write_kubeconfig.empty()) c.write_kubeconfig = c.data_dir + "/k1s.yaml";
  c.write_kubeconfig = Absolute(c.write_kubeconfig);
  c.write_kubeconfig_mode = flags.Mode("write-kubeconfig-mode");
  c.https_listen_port = static_cast<int>(flags.Int("https-listen-port"));
  c.bind_address = flags.Ip("bind-address");
  c.advertise_address = OptionalIp(flags, "advertise-address");
  c.tls_san = flags.List("tls-san");
  c.node_name = flags.String("node-name");
  if (c.node_name.empty()) {
    return Status::Invalid("the host name is unknown: set --node-name (or K1S_NODE_NAME)");
  }
  c.node_ip = OptionalIp(flags, "node-ip");
  c.cluster_cidr = flags.CidrValue("cluster-cidr");
  c.service_cidr = flags.CidrValue("service-cidr");
  K1S_ASSIGN_OR_RETURN(auto node_ports, ParsePortRange(flags.String("service-node-port-range")));
  c.service_node_port_first = node_ports.first;
  c.service_node_port_last = node_ports.second;
  c.cluster_dns = flags.Ip("cluster-dns");
  c.cluster_domain = flags.String("cluster-domain");
  K1S_RETURN_IF_ERROR(CheckNetworks(c, flags));
  c.token = flags.String("token");
  c.join_server = flags.String("server");
  c.disable_agent = flags.Bool("disable-agent");
  c.disable_scheduler = flags.Bool("disable-scheduler");
  c.scheduler_config = flags.String("scheduler-config");
  if (!c.scheduler_config.empty()) c.scheduler_config = Absolute(c.scheduler_config);
  c.disabled_controllers = flags.List("disable-controller");
  c.node_monitor_grace_period = flags.Duration("node-monitor-grace-period");
  c.simulated_nodes = static_cast<int>(flags.Int("simulated-nodes"));
  c.simulated_node_profile = flags.String("simulated-node-profile");
  if (!c.simulated_node_profile.empty()) c.simulated_node_profile = Absolute(c.simulated_node_profile);
  c.simulated_node_exec = flags.Bool("simulated-node-exec");
  const cli::FlagValue& endpoint = flags.Get("datastore-endpoint");
  auto path = ResolveDatastorePath(flags.String("datastore-endpoint"), c.data_dir);
  if (!path.ok()) {
    return cli::InvalidValue("datastore-endpoint", flags.String("datastore-endpoint"),
                             endpoint.origin, path.status().message());
  }
  c.datastore_path = *path;
  c.datastore_history_window = flags.Int("datastore-history-window");
  c.datastore_compact_interval = flags.Duration("datastore-compact-interval");
  c.secrets_encryption = flags.Bool("secrets-encryption");
  c.verbosity = static_cast<int>(flags.Int("v"));
  return c;
}

}  // namespace k1s::server

#include "pkg/cli/common_flags.h"
#include "pkg/cli/validators.h"
#include "pkg/server/server_config.h"

namespace k1s::server {

namespace {

using cli::FlagSpec;
using cli::FlagType;

FlagSpec Flag(std::string name, FlagType type, std::string def, std::string help) {
  return {.name = std::move(name),
          .type = type,
          .default_value = std::move(def),
          .help = std::move(help)};
}

Status ValidateEndpoint(const cli::Value& value) {
  return ResolveDatastorePath(std::get<std::string>(value), "/").status();
}

}  // namespace

std::vector<FlagSpec> ServerFlags(const cli::HostInfo& host) {
  std::vector<FlagSpec> f;
  f.push_back(cli::ConfigFlag());
  f.push_back(cli::DataDirFlag(host));

  FlagSpec kubeconfig =
      Flag("write-kubeconfig", FlagType::kString, host.is_root ? "/etc/k1s/k1s.yaml" : "",
           "Write the admin kubeconfig for the client to this file");
  kubeconfig.short_name = 'o';
  kubeconfig.env_aliases = {"K1S_KUBECONFIG_OUTPUT"};
  if (!host.is_root) kubeconfig.default_help = "<data-dir>/k1s.yaml";
  f.push_back(kubeconfig);
  f.push_back(Flag("write-kubeconfig-mode", FlagType::kFileMode, "0600",
                   "Write the kubeconfig with this octal file mode"));
  f.back().env_aliases = {"K1S_KUBECONFIG_MODE"};

  f.push_back(
      Flag("https-listen-port", FlagType::kInt, "6443",
           "HTTPS listen port of the API server; 0 picks a free port (the kubeconfig names it)"));
  f.back().min = 0;
  f.back().max = 65535;
  f.push_back(Flag("bind-address", FlagType::kIp, "0.0.0.0", "Address the API server listens on"));
  f.push_back(Flag("advertise-address", FlagType::kIp, "",
                   "Address the API server advertises to cluster members (default: node-ip)"));
  f.push_back(
      Flag("tls-san", FlagType::kStringList, "",
           "Extra hostname or IP for the serving certificate (repeatable or comma-separated)"));

  f.push_back(cli::NodeNameFlag(host));
  f.push_back(cli::NodeIpFlag());
  f.push_back(Flag("cluster-cidr", FlagType::kCidr, "10.42.0.0/16", "Network CIDR for pod IPs"));
  f.push_back(
      Flag("service-cidr", FlagType::kCidr, "10.43.0.0/16", "Network CIDR for service IPs"));
  f.push_back(Flag("service-node-port-range", FlagType::kString, "30000-32767",
                   "Ports Services of type NodePort and LoadBalancer get, both ends included"));
  f.back().validate = [](const cli::Value& v) {
    return ParsePortRange(std::get<std::string>(v)).status();
  };
  f.push_back(Flag("cluster-dns", FlagType::kIp, "10.43.0.10",
                   "Cluster DNS service IP; must be inside service-cidr"));
  f.push_back(Flag("cluster-domain", FlagType::kString, "cluster.local", "Cluster domain"));
  f.back().validate = cli::ValidateDnsSubdomain;

  f.push_back(cli::TokenFlag("Shared secret: agents join with it, and the API server accepts it as an admin bearer token"));
  f.push_back(
      cli::ServerUrlFlag("Server to join (recorded; joining is not available in this build yet)"));
  f.push_back(Flag("disable-agent", FlagType::kBool, "false", "Do not run a local agent"));
  f.push_back(Flag("disable-scheduler", FlagType::kBool, "false", "Do not run the scheduler"));
  f.push_back(Flag("scheduler-config", FlagType::kString, "",
                   "KubeSchedulerConfiguration file: plugin weights, disabled plugins, percentageOfNodesToScore"));
  f.push_back(Flag("disable-controller", FlagType::kStringList, "",
                   "Do not run this controller (repeatable or comma-separated; names as in the controller table)"));
  f.push_back(Flag("node-monitor-grace-period", FlagType::kDuration, "40s",
                   "How long a node may go without heartbeats before it is marked not ready (kube-controller-manager's flag)"));
  f.back().min = 1000;
  f.push_back(Flag("simulated-nodes", FlagType::kInt, "0",
                   "Register this many simulated (KWOK-style) nodes that run pods without containers"));
  f.back().min = 0;
  f.back().max = 100000;
  f.push_back(Flag("simulated-node-profile", FlagType::kString, "",
                   "YAML file giving the simulated nodes' capacity, labels, taints and counts"));
  f.push_back(Flag("simulated-node-exec", FlagType::kBool, "false",
                   "Let kubectl exec into pods on simulated nodes: the command runs on this host, as the "
                   "server's user, in a scratch directory per pod (for CI; off by default)"));

  f.push_back(
      Flag("datastore-endpoint", FlagType::kString, "",
           "Datastore: empty for SQLite at <data-dir>/server/db/state.db, or sqlite:///path"));
  f.back().validate = ValidateEndpoint;
  f.push_back(Flag("datastore-history-window", FlagType::kInt, "10000",
                   "Revisions of history automatic compaction keeps (0: never compact)"));
  f.back().max = 1'000'000'000;
  f.push_back(Flag("datastore-compact-interval", FlagType::kDuration, "1m",
                   "How often automatic compaction runs"));
  f.back().min = 1000;
  f.push_back(Flag("secrets-encryption", FlagType::kBool, "false",
                   "Encrypt Secrets in the datastore (AES-GCM; keys in <data-dir>/server/cred/encryption-config.json)"));

  f.push_back(cli::VerbosityFlag());
  f.push_back(cli::PrintConfigFlag());
  return f;
}

}  // namespace k1s::server

#include "pkg/cli/common_flags.h"

#include "pkg/cli/validators.h"

namespace k1s::cli {

FlagSpec ConfigFlag() {
  return {.name = "config",
          .short_name = 'c',
          .help = "Load configuration from this YAML file",
          .env_aliases = {"K1S_CONFIG_FILE"},
          .scope = FlagScope::kNotInConfigFile,
          .default_help = "/etc/k1s/config.yaml, if it exists"};
}

FlagSpec DataDirFlag(const HostInfo& host) {
  return {.name = "data-dir",
          .short_name = 'd',
          .default_value = host.is_root || host.home.empty() ? "/var/lib/k1s" : host.home + "/.k1s",
          .help = "Folder to hold state"};
}

FlagSpec NodeNameFlag(const HostInfo& host) {
  return {.name = "node-name",
          .default_value = host.hostname,
          .help = "Node name",
          .env_aliases = {"K1S_NODE_NAME"},
          .validate = ValidateDnsSubdomain};
}

FlagSpec NodeIpFlag() {
  return {.name = "node-ip", .type = FlagType::kIp, .help = "IP address to advertise for the node"};
}

FlagSpec TokenFlag(std::string help) {
  return {.name = "token",
          .short_name = 't',
          .help = std::move(help),
          .env_aliases = {"K1S_TOKEN"},
          .secret = true};
}

FlagSpec ServerUrlFlag(std::string help) {
  return {.name = "server",
          .short_name = 's',
          .help = std::move(help),
          .env_aliases = {"K1S_URL"},
          .validate = ValidateHttpsUrl};
}

FlagSpec VerbosityFlag() {
  return {.name = "v",
          .short_name = 'v',
          .type = FlagType::kInt,
          .default_value = "0",
          .help = "Log verbosity: debug lines up to this level are written",
          .min = 0,
          .max = 10};
}

FlagSpec PrintConfigFlag() {
  return {.name = "print-config",
          .type = FlagType::kBool,
          .help = "Print the effective flag values and where each came from, as YAML, and exit",
          .scope = FlagScope::kCommandLineOnly};
}

}  // namespace k1s::cli

// Flag specifications and the typed values parsed for them.
//
// A subcommand declares its flags as a list of FlagSpec; ParseFlags (parser.h)
// layers defaults < config file < environment < command line into ParsedFlags.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "pkg/cli/ipnet.h"
#include "pkg/util/status.h"

namespace k1s::cli {

enum class FlagType {
  kString,
  kBool,
  kInt,         // within [min, max]
  kDuration,    // "30s", "5m", "1h30m", "500ms", or plain seconds "30"; at least min ms
  kIp,          // IPv4 or IPv6 address
  kCidr,        // IPv4 or IPv6 range
  kFileMode,    // octal permission bits, "0644"
  kStringList,  // repeatable on the command line; comma-separated; a YAML list in config
};

// Where a flag may be set besides the command line.
enum class FlagScope {
  kEverywhere,       // command line, environment, config file
  kNotInConfigFile,  // command line and environment (e.g. --config itself)
  kCommandLineOnly,  // debugging switches such as --print-config
};

struct FileMode {
  uint32_t bits = 0;
  bool operator==(const FileMode&) const = default;
};

// The typed value of a flag; monostate when it has no default and was not set.
using Value = std::variant<std::monostate, std::string, bool, int64_t, std::chrono::milliseconds,
                           IpAddress, Cidr, FileMode, std::vector<std::string>>;

struct FlagSpec {
  std::string name;     // long name without dashes: "data-dir"; also its config-file key
  char short_name = 0;  // 'd' for -d; 0 for none
  FlagType type = FlagType::kString;
  std::string default_value;  // text parsed like any other value; empty: no default
  std::string help;
  // Environment variables read before the automatic K1S_<NAME>, first set one
  // wins: k3s-style aliases such as K1S_URL for --server.
  std::vector<std::string> env_aliases;
  int64_t min = 0;  // kInt: inclusive range; kDuration: minimum in milliseconds
  int64_t max = 0;
  bool required = false;
  bool secret = false;  // never echoed by --print-config
  FlagScope scope = FlagScope::kEverywhere;
  std::string default_help;  // shown by --help instead of default_value when computed
  // Extra check after the type check; its message becomes the reason of the
  // "invalid value" error, which names the value's source.
  std::function<Status(const Value&)> validate;
};

// The automatic environment variable of a flag: "https-listen-port" -> "K1S_HTTPS_LISTEN_PORT".
std::string AutoEnvName(const std::string& flag_name);
// Every variable that sets `spec`, in lookup order (aliases first); empty for
// command-line-only flags.
std::vector<std::string> EnvNames(const FlagSpec& spec);

enum class Source { kUnset, kDefault, kConfigFile, kEnvironment, kCommandLine };

struct FlagValue {
  Value value;
  Source source = Source::kUnset;
  // Human name of the source, used in messages: "command line",
  // "K1S_TOKEN", "/etc/k1s/config.yaml", "default".
  std::string origin;
};

}  // namespace k1s::cli

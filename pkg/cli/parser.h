// ParseFlags: one subcommand's flags from defaults, config file, environment
// and command line, later layers winning.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pkg/cli/flag.h"
#include "pkg/cli/parsed_flags.h"
#include "pkg/util/result.h"

namespace k1s::cli {

// Returns the value of an environment variable, or nullopt if it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct ParseInput {
  std::string command = "k1s";    // for messages: "k1s server"
  std::vector<std::string> args;  // the arguments after the subcommand name
  EnvLookup getenv;               // null: no environment
  // The flag that names the config file; a subcommand without it reads none.
  std::string config_flag = "config";
  // Read when the config flag is not set, and only if it exists.
  std::string default_config_path = "/etc/k1s/config.yaml";
  // Flags of the other subcommands: ignored as config-file keys, because k3s
  // shares one config file between server and agent.
  std::set<std::string> foreign_keys;
};

// Layers, lowest first: spec defaults, the config file, the environment, the
// command line. On the command line a list flag accumulates across repeats;
// elsewhere each layer replaces the value of the one below. Every value set
// by any layer is checked, so a bad value is reported even if a higher layer
// overrides it. An environment variable set to "" counts as unset.
//
// Returns Invalid with one line (no "k1s:" prefix) for: an unknown flag, a
// flag without its value, an unexpected argument, a bad value (naming its
// source), an unknown config-file key, a config file named by --config that
// does not exist or does not parse, or a required flag left unset. When
// --help or -h appears, returns at once with help_requested() and nothing
// else parsed.
Result<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs, const ParseInput& input);

// The standard message for a bad value, for checks made after parsing:
// invalid value "abc" for --https-listen-port (from K1S_HTTPS_LISTEN_PORT): <reason>
Status InvalidValue(const std::string& flag, const std::string& text, const std::string& origin,
                    const std::string& reason);

}  // namespace k1s::cli

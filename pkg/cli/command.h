// The subcommand table and the dispatcher behind `k1s <command> [flags]`.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "pkg/cli/flag.h"
#include "pkg/cli/parsed_flags.h"
#include "pkg/cli/parser.h"

namespace k1s::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed
inline constexpr int kExitUsage = 2;    // bad flags, values or config; nothing was started

struct CommandContext {
  const ParsedFlags& flags;
  std::ostream& out;
  std::ostream& err;  // one-line errors, prefixed "k1s: "
};

struct Command {
  std::string name;     // "server"
  std::string summary;  // one line for the usage listing
  std::vector<FlagSpec> flags;
  std::function<int(const CommandContext&)> run;  // returns the process exit code
  // A command group (`k1s secrets-encrypt status`): the next argument picks
  // one of these, which has its own flags and run; the group's own flags and
  // run are unused.
  std::vector<Command> subcommands;
  // More text for --help after the summary (optional).
  std::string description;
};

struct Environment {
  EnvLookup getenv;
  std::string default_config_path = "/etc/k1s/config.yaml";
};

// Runs `k1s <args...>` (args exclude the program name) against `commands`:
//  - no args, "help", "--help", "-h": the command list on `out`, exit 0;
//    "help <command>": that command's help;
//  - "--version": the "version" command;
//  - "<command> --help": its flags, types, defaults and variables, exit 0;
//  - for a group: "<group> <command> [flags]" runs that subcommand as above;
//    "<group>", "<group> --help" and "help <group>" list its subcommands
//    (exit 2 for the first, as a missing argument; 0 otherwise);
//  - "<command> --print-config" (if declared): the effective flags, exit 0;
//  - an unknown command or any flag error: one "k1s: ..." line on `err`, exit 2;
//  - otherwise the command's run() decides the exit code.
int RunCommandLine(const std::vector<Command>& commands, const std::vector<std::string>& args,
                   const Environment& env, std::ostream& out, std::ostream& err);

}  // namespace k1s::cli
